#!/usr/bin/env bash
# Runs "$@" with a private, unlocked Secret Service (gnome-keyring) so keytar works headless and never
# touches the real user's keyring. Must itself run inside `dbus-run-session -- bash keyring-session.sh ...`
# (test/run-all.mjs does that), which gives it a private D-Bus session bus.
set -euo pipefail

session_dir=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-keyring-XXXXXX")
# The keyring daemon exits by itself when dbus-run-session closes the bus; only the files are ours to remove.
trap 'rm -rf "$session_dir"' EXIT

export HOME="$session_dir/home"
export XDG_DATA_HOME="$session_dir/data"
export XDG_CONFIG_HOME="$session_dir/config"
export XDG_CACHE_HOME="$session_dir/cache"
export XDG_RUNTIME_DIR="$session_dir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# --unlock reads the login keyring password from stdin; it creates the keyring on first use. The
# password only protects this throwaway keyring. The daemon prints NAME=value lines (GNOME_KEYRING_CONTROL,
# on some versions nothing) for its clients; export them.
daemon_env=$(printf 'latchkey-test-keyring\n' | gnome-keyring-daemon --unlock --components=secrets --daemonize)
while IFS= read -r line; do
  if [[ "$line" == [A-Z_]*=* ]]; then export "${line?}"; fi
done <<<"$daemon_env"

# Armed: inside this session a Secret Service is promised, so the keychain tests fail rather than skip
# when it does not answer (test/support/keyring.ts).
export LATCHKEY_TEST_KEYRING=1

"$@"

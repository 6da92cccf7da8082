import os from 'node:os';
import path from 'node:path';

/**
 * The one data directory shared by the desktop app and the CLI. `LATCHKEY_HOME` wins, so tests and
 * side-by-side installs never touch the user's real state.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.LATCHKEY_HOME?.trim();
  if (override) return path.resolve(override);
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Latchkey');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Latchkey');
    default:
      return path.join(env.XDG_CONFIG_HOME?.trim() || path.join(home, '.config'), 'latchkey');
  }
}

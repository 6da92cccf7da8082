import { probeKeychain } from '../../electron/identity/keychain';

/**
 * `npm test` runs vitest inside a private D-Bus session with gnome-keyring unlocked, and
 * test/setup/keyring-session.sh sets LATCHKEY_TEST_KEYRING=1 there: a missing keychain is then a failure,
 * not a skip. Run bare (`npx vitest`), keychain tests skip and say why (and `npm test` would refuse the skip).
 */
export async function keyringSkipReason(): Promise<string | null> {
  const problem = await probeKeychain();
  if (problem === null) return null;
  if (process.env.LATCHKEY_TEST_KEYRING === '1') {
    throw new Error(`npm test started a keyring session but the Secret Service did not answer: ${problem}`);
  }
  const reason = `no Secret Service in this shell (${problem}); run via \`npm test\`, which starts one`;
  console.warn(`[skip] keychain tests: ${reason}`);
  return reason;
}

import path from 'node:path';
import { isAppError } from '../../shared/errors';
import { KeytarStore, probeKeychain } from './keychain';
import { PassphraseStore } from './passphrase-store';
import type { SecretStore } from './secret-store';
import { UnavailableStore } from './unavailable-store';

export const passphraseStoreFile = (dataDir: string) => path.join(dataDir, 'secrets.passphrase.json');

export interface OpenStoreOptions {
  dataDir: string;
  /** Asked only when the keychain is unavailable and the user opted in to a passphrase store earlier. */
  askPassphrase?: () => Promise<string>;
}

/**
 * Chooses where secrets live: the OS keychain when it answers; otherwise the passphrase store the user
 * created on purpose (and only if they can unlock it now); otherwise a store that refuses every call.
 */
export async function openSecretStore(options: OpenStoreOptions): Promise<SecretStore> {
  try {
    return await KeytarStore.open();
  } catch (error) {
    const reason = (await probeKeychain()) ?? (isAppError(error) ? error.message : 'unknown');
    const file = passphraseStoreFile(options.dataDir);
    if (options.askPassphrase && (await PassphraseStore.exists(file))) {
      return PassphraseStore.open(file, await options.askPassphrase());
    }
    return new UnavailableStore(`the OS keychain did not answer (${reason})`);
  }
}

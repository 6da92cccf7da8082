import type { KeychainStatus } from '../../shared/contract';

/** Where tokens and the device private key live. Values never leave main memory except into this store. */
export interface SecretStore {
  readonly kind: 'keychain' | 'passphrase';
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  status(): Promise<KeychainStatus>;
}

/** The service name every keychain entry is filed under. */
export const KEYCHAIN_SERVICE = 'latchkey';

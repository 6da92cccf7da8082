import { AppError } from '../../shared/errors';
import type { KeychainStatus } from '../../shared/contract';
import { KEYCHAIN_HINT, KEYCHAIN_NEXT } from './keychain';
import type { SecretStore } from './secret-store';

/**
 * Stands in when neither the OS keychain nor an unlocked passphrase store is available. Every read and
 * write fails loudly with KEYCHAIN_UNAVAILABLE: Latchkey never falls back to plaintext.
 */
export class UnavailableStore implements SecretStore {
  readonly kind = 'keychain' as const;
  constructor(private readonly reason: string) {}

  private refuse(): never {
    throw new AppError('KEYCHAIN_UNAVAILABLE', `No keychain is available: ${this.reason}.`, KEYCHAIN_HINT, KEYCHAIN_NEXT);
  }
  async get(): Promise<string | null> {
    return this.refuse();
  }
  async set(): Promise<void> {
    this.refuse();
  }
  async delete(): Promise<boolean> {
    return this.refuse();
  }
  async status(): Promise<KeychainStatus> {
    return { backend: 'unavailable', detail: this.reason };
  }
}

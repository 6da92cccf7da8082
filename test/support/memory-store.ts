import type { KeychainStatus } from '../../shared/contract';
import type { SecretStore } from '../../electron/identity/secret-store';

/** For unit tests of code that only needs *a* SecretStore; the real keychain has its own integration tests. */
export class MemoryStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly entries = new Map<string, string>();
  async get(account: string) {
    return this.entries.get(account) ?? null;
  }
  async set(account: string, value: string) {
    this.entries.set(account, value);
  }
  async delete(account: string) {
    return this.entries.delete(account);
  }
  async status(): Promise<KeychainStatus> {
    return { backend: 'keychain', detail: 'in-memory test store' };
  }
}

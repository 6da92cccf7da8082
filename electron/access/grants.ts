import { identityFingerprint } from '../backends/identity';
import type { GrantSource } from '../catalog/catalog-service';
import type { BackendsStore } from '../config/backends-store';
import type { SecretStore } from '../identity/secret-store';
import { grantAccount, type AccessFile, type AccessStore, type GrantRecord } from './local-store';

/**
 * Grants received on this device: the record (ref, expiry, how to end it) in access.json, the credential
 * only in the keychain under `grant:<request id>`. Expired ones are simply never returned: the server
 * refuses them anyway.
 */
export class GrantStore implements GrantSource {
  /** Set by the access service: collects a just-approved grant for `ref` when none is held yet. */
  collect: ((ref: string) => Promise<void>) | null = null;

  constructor(
    private readonly store: AccessStore,
    private readonly secrets: SecretStore,
    private readonly backends: BackendsStore,
    private readonly now: () => number = Date.now,
  ) {}

  async list() {
    const now = this.now();
    const grants = (await this.store.read()).grants;
    // A grant past its end opens nothing any more (the server refuses it): drop it from the keychain too.
    for (const ended of grants.filter((g) => Date.parse(g.expiresAt) <= now)) await this.forget(ended.requestId).catch(() => undefined);
    return grants.filter((g) => Date.parse(g.expiresAt) > now).map((g) => ({ ref: g.ref, requestId: g.requestId, expiresAt: g.expiresAt }));
  }

  async active(ref: string) {
    // One read of access.json answers both questions: every read of a ref asks, grant or not.
    const data = await this.store.read();
    const found = await this.held(data, ref);
    if (found || !this.collect || !awaiting(data, ref)) return found;
    await this.collect(ref);
    return this.held(await this.store.read(), ref);
  }

  /** `credential` null: the grant is a privilege on the person's own session (nothing to keep in the keychain). */
  async keep(record: GrantRecord, credential: string | null): Promise<void> {
    const boundTo = identityFingerprint(await this.backends.get(record.backend));
    if (credential !== null) await this.secrets.set(grantAccount(record.requestId), credential);
    await this.store.update((data) => {
      data.grants = [...data.grants.filter((g) => g.requestId !== record.requestId), { ...record, boundTo }];
    });
  }

  async credential(requestId: string): Promise<string | null> {
    return this.secrets.get(grantAccount(requestId));
  }

  async forget(requestId: string): Promise<void> {
    await this.secrets.delete(grantAccount(requestId)).catch(() => false);
    await this.store.update((data) => {
      data.grants = data.grants.filter((g) => g.requestId !== requestId);
    });
  }

  async records(): Promise<GrantRecord[]> {
    return (await this.store.read()).grants;
  }

  private async held(data: AccessFile, ref: string) {
    const now = this.now();
    const grant = data.grants.find((g) => g.ref === ref && Date.parse(g.expiresAt) > now);
    if (!grant) return null;
    const credential = grant.ownSession ? null : await this.credential(grant.requestId);
    if (!grant.ownSession && !credential) return null;
    return { requestId: grant.requestId, expiresAt: grant.expiresAt, credential, boundTo: grant.boundTo ?? null };
  }
}

/** A request of mine for `ref` that was sent and may have been approved since. */
const awaiting = (data: AccessFile, ref: string): boolean => data.mine.some((m) => m.ref === ref && m.sent !== null && !m.settled);

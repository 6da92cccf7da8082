import type { AccessRequestView } from '../../shared/access';
import type { SetupChange } from './backend';
import { approve, deny, listInbox, revokeGrant } from './decide-flow';
import { createRequest, flushOutbox, requestForm } from './request-flow';
import { cancelRequest, collectFor, giveBack, listMine } from './requester-flow';
import { AccessCore, type AccessServiceDeps, type Listing } from './service';

const order = (a: AccessRequestView, b: AccessRequestView) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

/**
 * Access requests and approvals, for the CLI, the IPC handlers and the notifier. Every use case is one
 * method; the flows live in request-flow.ts (ask), requester-flow.ts (receive, cancel, give back) and
 * decide-flow.ts (inbox, approve, deny, revoke).
 */
export class AccessService {
  readonly core: AccessCore;

  constructor(deps: AccessServiceDeps) {
    this.core = new AccessCore(deps);
    deps.grants.collect = (ref) => collectFor(this.core, ref);
  }

  request(input: { ref: string; reason: string; duration?: string }): Promise<AccessRequestView> {
    return createRequest(this.core, input);
  }

  requestForm(ref: string) {
    return requestForm(this.core, ref);
  }

  /** Mine (collecting approved grants on the way), waiting for me, or both; newest first. */
  async list(box: 'mine' | 'inbox' | 'all' = 'all'): Promise<Listing> {
    await this.flush();
    const parts = await Promise.all([box === 'inbox' ? null : listMine(this.core), box === 'mine' ? null : listInbox(this.core)]);
    const found = parts.filter((p): p is Listing => p !== null);
    return { requests: found.flatMap((p) => p.requests).sort(order), problems: found.flatMap((p) => p.problems) };
  }

  approve(input: { id: string; duration?: string; comment?: string; device?: string }): Promise<AccessRequestView> {
    return approve(this.core, input);
  }

  deny(input: { id: string; reason: string }): Promise<AccessRequestView> {
    return deny(this.core, input);
  }

  cancel(id: string) {
    return cancelRequest(this.core, id);
  }

  giveBack(id: string) {
    return giveBack(this.core, id);
  }

  revokeGrant(id: string) {
    return revokeGrant(this.core, id);
  }

  /** Sends requests made while their backend was down; never throws (the next command tries again). */
  async flush(): Promise<string[]> {
    return flushOutbox(this.core).catch(() => []);
  }

  /** Whether anything waits to be sent: cheap (one file read), so every command can ask. */
  async hasUnsent(): Promise<boolean> {
    return (await this.core.deps.store.read()).mine.some((m) => m.draft !== null);
  }

  /** `admin setup`: what the request flow needs on one backend, applied (or only listed with dryRun). */
  async setup(backendName: string, options: { dryRun: boolean }): Promise<SetupChange[]> {
    const profile = await this.core.profile();
    const backend = await this.core.backend(backendName, profile.access);
    const mine = profile.environments.filter((e) => e.ref.startsWith(`${backendName}:`));
    const grantPolicies = mine.flatMap((e) => (e.grantPolicy !== undefined ? [e.grantPolicy] : []));
    const readRoles = [...new Set(mine.flatMap((e) => (e.readRole !== undefined ? [e.readRole] : [])))];
    const changes = await backend.setup({ dryRun: options.dryRun, grantPolicies, readRoles, environments: mine, access: profile.access });
    if (!options.dryRun) {
      await this.core.audit({ action: 'access.setup', target: backendName, outcome: 'ok', details: { changed: changes.filter((c) => c.action !== 'unchanged').map((c) => c.what).join(', ') } });
    }
    return changes;
  }
}

import type { z } from 'zod';
import { BackendConfig, INSECURE_HTTP_RULE } from '../../shared/backends';
import type { BackendApplied, BackendSummary, ProfileImported, ProfileImportInput, SignedIn, SignedOut } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/errors';
import type { AuditLog, AuditRecord } from '../audit/audit-log';
import { hasBoundCredential } from '../backends/credential-binding';
import { describeChange } from '../backends/identity';
import { tokenAccount, type Credentials } from '../backends/types';
import type { BackendRegistry } from '../catalog/backend-registry';
import type { BackendsStore } from '../config/backends-store';
import { assertProfileSize, parseTeamProfile, validateTeamProfile, type ProfileStore } from '../config/profile-store';
import { describeZodIssue } from '../config/zod-issues';
import { toAppError } from '../errors';
import type { SecretStore } from '../identity/secret-store';
import { insecureHttp, planBackend, unacceptedChanges, type BackendPlan } from './backend-changes';

export interface SetupDeps {
  backends: BackendsStore;
  profiles: ProfileStore;
  registry: BackendRegistry;
  audit: AuditLog;
  secrets: SecretStore;
  /** Something worth telling the person that does not fail the call (an audit entry that could not be written). */
  warn?: (message: string) => void;
  /** Told after a backend was added, replaced, removed, signed in or out (its last known status is stale). */
  changed?: (backend: string) => void;
}

/**
 * Day one, as services: add and remove backends, sign in and out, import the team profile. The CLI and the
 * app's screens (IPC) call these; they write backends.json, profile.json, the keychain, session files and
 * the audit log, so no face does. A change of where a backend signs in (kind, url, namespace, auth method or
 * mount) is refused unless accepted, and accepting it deletes the stored sign-in first.
 */
export class SetupService {
  constructor(private readonly deps: SetupDeps) {}

  async listBackends(): Promise<BackendSummary[]> {
    return Promise.all(
      (await this.deps.backends.list()).map(async (b) => ({
        name: b.name,
        kind: b.kind,
        url: b.url,
        authMethod: b.auth.method,
        // A credential bound to another identity (the backend was re-pointed) does not count.
        signedIn: await hasBoundCredential(this.deps.secrets, b),
      })),
    );
  }

  async addBackend(input: { config: unknown; replace?: boolean; acceptChanges?: boolean }): Promise<BackendApplied> {
    const config = parseBackendConfig(input.config);
    const existing = (await this.deps.backends.list()).find((b) => b.name === config.name);
    if (existing && !input.replace) {
      throw new AppError('CONFLICT', `A backend named "${config.name}" already exists.`, 'Pick another name, or replace the existing one on purpose.', {
        next: { action: 'replace-backend', backend: config.name },
      });
    }
    const plan = planBackend(existing, config);
    if (plan.changes.length > 0 && !input.acceptChanges) throw unacceptedChanges(`Replacing ${config.name}`, [plan]);
    const applied = await this.apply(plan);
    this.deps.changed?.(config.name);
    await this.record({
      action: 'backend.add',
      target: config.name,
      outcome: 'ok',
      details: { kind: config.kind, url: config.url, replaced: existing !== undefined, insecureHttp: applied.insecureHttp, signedOut: applied.signedOut },
    });
    return applied;
  }

  async removeBackend(name: string): Promise<SignedOut> {
    // An unknown name is refused by the registry's lookup (backends.json is read once for it).
    const signedOut = await this.forgetCredentials(name);
    await this.deps.backends.remove(name);
    this.deps.registry.forget(name);
    this.deps.changed?.(name);
    await this.record({ action: 'backend.remove', target: name, outcome: 'ok', details: { tokenDeleted: signedOut } });
    return { backend: name, signedOut };
  }

  /** Signs in (the adapter keeps the credential in the keychain, bound to the backend's identity) and records it. */
  async signIn(backend: string, credentials: Credentials): Promise<SignedIn> {
    await this.deps.backends.get(backend); // an unknown name is a usage error, not a failed sign-in
    const details = {
      method: credentials.method,
      ...(credentials.method === 'userpass' ? { username: credentials.username } : {}),
      ...(credentials.method === 'password' ? { email: credentials.email } : {}),
    };
    try {
      const session = await (await this.deps.registry.get(backend)).login(credentials);
      await this.deps.audit.append({ action: 'login', target: backend, outcome: 'ok', details: { ...details, identity: session.identity } });
      return { backend, ...session };
    } catch (error) {
      await this.deps.audit.append({ action: 'login', target: backend, outcome: 'failed', details: { ...details, code: toAppError(error).code } }).catch(() => undefined);
      throw error;
    } finally {
      // Whatever the outcome, what was known about this backend's sign-in is out of date.
      this.deps.changed?.(backend);
    }
  }

  /** Ends the session at the server where it can (best effort), then deletes what this device keeps. */
  async signOut(backend: string): Promise<SignedOut> {
    const adapter = await this.deps.registry.get(backend); // an unknown name: NOT_FOUND, before anything changes
    const had = (await this.deps.secrets.get(tokenAccount(backend))) !== null;
    // logout() may fail (server down, credential bound elsewhere): forget() still removes everything local.
    await adapter.logout().catch(() => undefined);
    await adapter.forget();
    this.deps.registry.forget(backend);
    this.deps.changed?.(backend);
    await this.record({ action: 'logout', target: backend, outcome: 'ok', details: { tokenDeleted: had } });
    return { backend, signedOut: had };
  }

  async importProfile(input: z.infer<typeof ProfileImportInput>): Promise<ProfileImported> {
    const source = input.source ?? 'The team profile';
    // Parsed JSON from a screen gets the same size rule as a file: measured as the text it would be.
    if (input.text === undefined) assertProfileSize(Buffer.byteLength(JSON.stringify(input.profile) ?? ''), source);
    const profile = input.text !== undefined ? parseTeamProfile(input.text, source) : validateTeamProfile(input.profile, source);
    const existing = new Map((await this.deps.backends.list()).map((b) => [b.name, b]));
    const plans = profile.backends.map((b) => planBackend(existing.get(b.name), b));
    // Decide before writing anything: a refused import changes nothing.
    if (plans.some((p) => p.changes.length > 0) && !input.acceptChanges) throw unacceptedChanges(source, plans);
    const backends: BackendApplied[] = [];
    for (const plan of plans) {
      backends.push(await this.apply(plan));
      this.deps.changed?.(plan.config.name);
    }
    await this.deps.profiles.save(profile);
    const names = (pick: (b: BackendApplied) => boolean) => backends.filter(pick).map((b) => b.name).join(',') || null;
    await this.record({
      action: 'profile.import',
      target: profile.team,
      outcome: 'ok',
      details: {
        environments: profile.environments.length,
        backends: profile.backends.length,
        repointed: names((b) => b.changes.length > 0),
        signedOut: names((b) => b.signedOut),
        insecureHttp: names((b) => b.insecureHttp),
      },
    });
    return { team: profile.team, environments: profile.environments.length, roles: profile.roles.map((r) => r.name), backends };
  }

  /**
   * Writes one planned backend. A change of identity first makes the adapter of the OLD config forget its
   * credential and session files (it never contacts the new server), so no token outlives the change.
   */
  private async apply(plan: BackendPlan): Promise<BackendApplied> {
    const { config } = plan;
    let signedOut = false;
    if (plan.changes.length > 0) {
      signedOut = await this.forgetCredentials(config.name);
      await this.record({
        action: 'backend.repoint',
        target: config.name,
        outcome: 'ok',
        details: { changes: plan.changes.map(describeChange).join('; '), signedOut },
      });
    }
    if (plan.result !== 'unchanged') await this.deps.backends.upsert(config);
    this.deps.registry.forget(config.name);
    return { name: config.name, kind: config.kind, url: config.url, result: plan.result, changes: plan.changes, signedOut, insecureHttp: insecureHttp(config) };
  }

  /** Deletes the stored credential and session files of a configured backend; true when one existed. */
  private async forgetCredentials(name: string): Promise<boolean> {
    try {
      return await (await this.deps.registry.get(name)).forget();
    } catch (error) {
      // Without a keychain nothing can be stored, so there is nothing to forget.
      if (isAppError(error) && error.code === 'KEYCHAIN_UNAVAILABLE') return false;
      throw error;
    }
  }

  /** The change is made; a missing audit entry is said out loud rather than undoing it. */
  private async record(entry: AuditRecord): Promise<void> {
    await this.deps.audit.append(entry).catch(() => this.deps.warn?.('could not write the audit log entry for this change.'));
  }
}

/** A backend config from a person or a screen: the first bad field, by name; the plain-HTTP opt-in as a next step. */
function parseBackendConfig(raw: unknown): BackendConfig {
  const parsed = BackendConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const insecure = issue?.code === 'custom' && issue.params?.rule === INSECURE_HTTP_RULE;
  const name = typeof (raw as { name?: unknown } | null)?.name === 'string' ? (raw as { name: string }).name : '';
  throw new AppError(
    'BAD_REQUEST',
    `That backend is not valid: ${describeZodIssue(issue)}.`,
    insecure ? 'Use an https:// address. Allow plain HTTP for this backend only if you accept that tokens cross the network unencrypted.' : 'Fix that field and try again.',
    insecure ? { next: { action: 'allow-insecure-http', backend: name } } : undefined,
  );
}

import path from 'node:path';
import type { ExportCreated, ExportEnded, ExportSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { AppendOptions, AuditRecord } from '../audit/audit-log';
import type { BackendRegistry } from '../catalog/backend-registry';
import type { CatalogService } from '../catalog/catalog-service';
import { checkRef, profileEnvironment } from '../catalog/environment';
import type { ProfileStore } from '../config/profile-store';
import { toAppError } from '../errors';
import type { EventBus } from '../event-bus';
import { isRunning } from '../fs/process-stamp';
import type { ExportContext } from './context';
import { createExport, type CreateExportInput } from './create';
import { extendExport } from './extend';
import type { GitGuardOptions } from './git-guard';
import { keepLeasesAlive, renewForExport, type HeldLease } from './lease-upkeep';
import { isActive, type ExportLedger, type ExportRecord } from './ledger';
import { mountExport, type MountInput } from './mount';
import { checkInjectable, runWithSecrets } from './run';
import { readScoped, type ScopedValues } from './scoped-read';
import { endingEvent, notFound, outcomeOf, toSummary } from './summary';
import { endExports, sweepExpired, type EndedExport, type SweepDeps } from './sweeper';
import { exportLimits } from './ttl';

export type { CreateExportInput } from './create';

export interface ExportServiceDeps {
  ledger: ExportLedger;
  catalog: CatalogService;
  profiles: ProfileStore;
  registry: BackendRegistry;
  audit: { append(record: AuditRecord, options?: AppendOptions): Promise<unknown> };
  events?: EventBus;
  now?: () => number;
  git?: GitGuardOptions;
}

export interface RunInput {
  ref: string;
  keys?: string[];
  /** The command's name (only its basename is audited; never its arguments). */
  command: string;
  onWarning?: (message: string) => void;
}

/**
 * Exports that expire: writes scoped files, serves mounts, keeps the on-disk ledger, ends exports (revoke
 * or expiry) and runs commands with secrets injected. Used by the IPC handlers, the CLI and the app's
 * sweeper timer. The work lives in one module per use case (create, extend, mount, sweeper), each handed
 * the same ExportContext.
 */
export class ExportService {
  private readonly ctx: ExportContext;

  constructor(private readonly deps: ExportServiceDeps) {
    const now = () => (deps.now ?? Date.now)();
    const revokeLease = async (lease: { id: string; backend: string }) => (await deps.registry.get(lease.backend)).revokeLease(lease.id);
    const sweepDeps: SweepDeps = {
      ledger: deps.ledger,
      revokeLease,
      // The sweeper passes scalars only (ids, paths, counts); AuditLog re-checks the field names.
      audit: async (entry) => void (await deps.audit.append(entry as AuditRecord)),
      onEnded: (ended) => {
        const event = endingEvent(ended, now());
        if (event) deps.events?.emit('exports:expired', event);
      },
      now: deps.now,
    };
    this.ctx = {
      ledger: deps.ledger,
      audit: deps.audit,
      events: deps.events,
      git: deps.git,
      sweepDeps,
      now,
      profileEnv: async (ref) => profileEnvironment(await deps.profiles.load(), ref),
      read: (ref, keys) => readScoped(deps, ref, keys),
      releaseLeases: async (leases) => void (await Promise.allSettled(leases.map(revokeLease))),
      renewForExport: (leases, expiresAt) => renewForExport(leases, Date.parse(expiresAt), now, this.renewLease),
      find: (idOrPrefix) => this.find(idOrPrefix),
    };
  }

  /** Ends what is due: expired exports, dead mounts, and whatever a killed Latchkey process left half done. */
  sweep(): Promise<EndedExport[]> {
    return sweepExpired(this.ctx.sweepDeps);
  }

  /** Active exports only: sweeps first, so an export that expired while nothing ran is never shown. */
  async list(): Promise<ExportSummary[]> {
    await this.sweep();
    const now = this.ctx.now();
    return (await this.deps.ledger.list()).filter((r) => isActive(r, now)).map((r) => toSummary(r, now));
  }

  /** Every record in the ledger, active or not (the agent counts what is pending and arms its expiry timer). */
  records(): Promise<ExportRecord[]> {
    return this.deps.ledger.list();
  }

  /**
   * Renews the dynamic credentials of every active export to its expiry again: a backend that was down when
   * it was made, or a lease shortened since. Returns the warnings, each naming its export.
   */
  async renewHeldLeases(): Promise<string[]> {
    const now = this.ctx.now();
    const warnings: string[] = [];
    for (const record of (await this.deps.ledger.list()).filter((r) => r.leases.length > 0 && isActive(r, now))) {
      for (const warning of await this.ctx.renewForExport(record.leases, record.expiresAt)) warnings.push(`export ${record.id}: ${warning}`);
    }
    return warnings;
  }

  create(input: CreateExportInput): Promise<ExportCreated & { record: ExportRecord }> {
    return createExport(this.ctx, input);
  }

  extend(idOrPrefix: string, ttl: string): ReturnType<typeof extendExport> {
    return this.sweep().then(() => extendExport(this.ctx, idOrPrefix, ttl));
  }

  /** What the export dialog offers for one environment: its default TTL (capped by the max) and the max. */
  async limits(ref: string): Promise<ReturnType<typeof exportLimits>> {
    return exportLimits(await this.ctx.profileEnv(ref));
  }

  mount(input: MountInput): ReturnType<typeof mountExport> {
    return mountExport(this.ctx, input);
  }

  /** Ends every export and mount made with an access grant (given back or revoked); returns how many. */
  async endGrant(requestId: string): Promise<number> {
    return (await endExports(this.ctx.sweepDeps, (r) => r.grant?.requestId === requestId, 'revoked')).length;
  }

  /** Ends one export now: file removed (if it is still ours), leases revoked, audited as `export.revoke`. */
  async revoke(idOrPrefix: string): Promise<ExportEnded> {
    await this.sweep();
    const record = await this.find(idOrPrefix);
    const [ended] = await endExports(this.ctx.sweepDeps, (r) => r.id === record.id, 'revoked');
    if (!ended) {
      const now = (await this.deps.ledger.list()).find((r) => r.id === record.id);
      if (now?.pending && (await isRunning(now.pending.writer))) {
        throw new AppError('CONFLICT', `Export ${record.id} is being changed by another Latchkey process right now.`, 'Try again in a moment.', { next: { action: 'retry' } });
      }
      throw notFound(idOrPrefix);
    }
    return { id: record.id, ref: record.ref, fileRemoved: ended.fileRemoved, left: ended.left ?? null };
  }

  /** An active export by id or unambiguous id prefix. */
  async find(idOrPrefix: string): Promise<ExportRecord> {
    const now = this.ctx.now();
    const active = (await this.deps.ledger.list()).filter((r) => isActive(r, now));
    const exact = active.find((r) => r.id === idOrPrefix);
    if (exact) return exact;
    const matches = active.filter((r) => r.id.startsWith(idOrPrefix));
    if (matches.length > 1) {
      throw new AppError('BAD_REQUEST', `"${idOrPrefix}" matches ${matches.length} exports.`, 'Give more of the id.', { next: { action: 'list-exports' } });
    }
    if (matches.length === 0) throw notFound(idOrPrefix);
    return matches[0]!;
  }

  /** Asks the lease's own backend for `incrementSeconds` more; resolves to what it granted. */
  private readonly renewLease = async (lease: HeldLease, incrementSeconds: number) =>
    (await this.deps.registry.get(lease.backend)).renewLease(lease.id, incrementSeconds);

  /**
   * Runs a command with the environment's secrets in its environment: nothing on disk. Audited as `run`
   * with the key names and the command's name only (its arguments may hold data): `ok` once the values
   * are known to fit an environment, `failed` when they do not or the command cannot start. Leases
   * created for the run are kept renewed while the child runs and revoked when it exits. `onWarning` hears
   * about renewals that failed (no values, no lease ids).
   */
  async run(input: RunInput & { args: string[]; baseEnv?: NodeJS.ProcessEnv }): Promise<number> {
    const started = await this.beginRun(input);
    try {
      return await runWithSecrets({ command: input.command, args: input.args, values: started.values, baseEnv: input.baseEnv, endsAt: started.endsAt });
    } catch (error) {
      throw await this.runRefused(input, error); // the command never started: the log says so after its `ok`
    } finally {
      await started.end();
    }
  }

  /**
   * The half of `run` before the child starts: read, check the values fit an environment, audit, keep the
   * leases renewed. The agent calls it for the thin CLI, which starts the child itself; `end()` (once the
   * child exits) stops the upkeep and revokes the leases. `endsAt`: the child must be stopped then (the
   * access grant it reads with ends).
   */
  async beginRun(input: RunInput): Promise<{ values: Record<string, string>; keys: string[]; leases: number; endsAt?: number; end(): Promise<void> }> {
    checkRef(input.ref);
    let scoped: ScopedValues;
    try {
      scoped = await this.ctx.read(input.ref, input.keys);
    } catch (error) {
      throw await this.runRefused(input, error);
    }
    try {
      checkInjectable(scoped.values);
    } catch (error) {
      await this.ctx.releaseLeases(scoped.leases);
      throw await this.runRefused(input, error);
    }
    const stopUpkeep = keepLeasesAlive(scoped.leases, this.renewLease, { onError: input.onWarning });
    let ended: Promise<void> | undefined;
    const end = () => (ended ??= (async () => {
      stopUpkeep();
      await this.ctx.releaseLeases(scoped.leases);
    })());
    try {
      const command = path.basename(input.command);
      await this.deps.audit.append({ action: 'run', target: input.ref, outcome: 'ok', details: { command, keys: scoped.keys.join(','), leases: scoped.leases.length } });
    } catch (error) {
      await end();
      throw error;
    }
    // A run made with an access grant is stopped when the grant ends.
    const endsAt = scoped.grant ? Date.parse(scoped.grant.expiresAt) : undefined;
    return { values: scoped.values, keys: scoped.keys, leases: scoped.leases.length, ...(endsAt === undefined ? {} : { endsAt }), end };
  }

  /** Audits a run that did not happen (`denied` when the backend refused, else `failed`); returns the error to throw. */
  private async runRefused(input: RunInput, error: unknown): Promise<unknown> {
    const appError = toAppError(error);
    const command = path.basename(input.command);
    await this.deps.audit.append({ action: 'run', target: input.ref, outcome: outcomeOf(appError), details: { command, code: appError.code } }).catch(() => undefined);
    return error;
  }
}

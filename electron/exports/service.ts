import { randomBytes } from 'node:crypto';
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
import type { GitGuardOptions } from './git-guard';
import { keepLeasesAlive, renewForExport, type HeldLease } from './lease-upkeep';
import type { ExportLedger, ExportRecord } from './ledger';
import { runWithSecrets } from './run';
import { readScoped, type ScopedValues } from './scoped-read';
import { DEFAULT_EXPORT_FORMAT, serializerFor, type ExportFormat } from './serializers';
import { sha256 } from './shred';
import { endExports, sweepExpired, type EndedExport, type SweepDeps } from './sweeper';
import { endWithGrant, resolveExportTtl } from './ttl';
import { writeRecordedExport } from './recorded-write';
import { prepareExport } from './writer';

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

export interface CreateExportInput {
  ref: string;
  path: string;
  keys?: string[];
  format?: ExportFormat;
  ttl?: string;
  allowUnignored?: boolean;
  /** Overwrite a file Latchkey did not write (the CLI's --replace; never offered to the renderer). */
  replaceExisting?: boolean;
}

export interface RunInput {
  ref: string;
  keys?: string[];
  /** The command's name (only its basename is audited; never its arguments). */
  command: string;
  onWarning?: (message: string) => void;
}

const outcomeOf = (error: AppError) => (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED' ? 'denied' : 'failed');

/**
 * Exports that expire: writes scoped files, keeps the on-disk ledger, ends exports (revoke or expiry) and
 * runs commands with secrets injected. Used by the IPC handlers, the CLI and the app's sweeper timer.
 */
export class ExportService {
  readonly sweepDeps: SweepDeps;

  constructor(readonly deps: ExportServiceDeps) {
    this.sweepDeps = {
      ledger: deps.ledger,
      revokeLease: async (lease) => (await deps.registry.get(lease.backend)).revokeLease(lease.id),
      // The sweeper passes scalars only (ids, paths, counts); AuditLog re-checks the field names.
      audit: async (entry) => void (await deps.audit.append(entry as AuditRecord)),
      onEnded: (ended) =>
        deps.events?.emit('exports:expired', {
          id: ended.record.id,
          ref: ended.record.ref,
          path: ended.record.path,
          reason: ended.reason,
          fileRemoved: ended.fileRemoved,
          left: ended.left ?? null,
        }),
      now: deps.now,
    };
  }

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Ends every export whose time is up (file removed if unchanged, leases revoked, audited, event sent). */
  sweep(): Promise<EndedExport[]> {
    return sweepExpired(this.sweepDeps);
  }

  /**
   * Active exports only: sweeps first, so an export that expired while nothing ran is never shown. A mount
   * whose serving process is gone (killed, machine restarted) has ended too: its pipe is removed and its
   * leases revoked now rather than at its expiry.
   */
  async list(): Promise<ExportSummary[]> {
    await this.sweep();
    await endExports(this.sweepDeps, (r) => r.kind === 'mount' && r.pid !== undefined && !isAlive(r.pid), 'expired');
    const now = this.now();
    return (await this.deps.ledger.list()).filter((r) => Date.parse(r.expiresAt) > now).map((r) => toSummary(r, now));
  }

  async profileEnv(ref: string) {
    return profileEnvironment(await this.deps.profiles.load(), ref);
  }

  read(ref: string, keys: string[] | undefined): Promise<ScopedValues> {
    return readScoped(this.deps, ref, keys);
  }

  async releaseLeases(leases: ScopedValues['leases']): Promise<void> {
    await Promise.allSettled(leases.map((lease) => this.sweepDeps.revokeLease(lease)));
  }

  /** Asks the lease's own backend for `incrementSeconds` more; resolves to what it granted. */
  readonly renewLease = async (lease: HeldLease, incrementSeconds: number) =>
    (await this.deps.registry.get(lease.backend)).renewLease(lease.id, incrementSeconds);

  /** Makes dynamic credentials last as long as the export that holds them; warnings say when they cannot. */
  renewForExport(leases: HeldLease[], expiresAt: string): Promise<string[]> {
    return renewForExport(leases, Date.parse(expiresAt), () => this.now(), this.renewLease);
  }

  /**
   * Writes a scoped export. Crash safety: the file appears under its name (rename of a complete, fsync'd
   * temp file) only after the ledger durably holds its record, so a crash at any point leaves nothing the
   * sweeper does not know about. The independent steps overlap (see recorded-write.ts): the backend read
   * with the target checks; the temp file with the ledger update; the audit line with the rename. The
   * ledger is written once per export (twice only to take the record back out when a later step fails).
   */
  async create(input: CreateExportInput): Promise<ExportCreated & { record: ExportRecord }> {
    checkRef(input.ref);
    const format = input.format ?? DEFAULT_EXPORT_FORMAT;
    const ttlSeconds = resolveExportTtl(input.ref, input.ttl, await this.profileEnv(input.ref));
    const id = newId();
    let scoped: ScopedValues | undefined;
    try {
      // The backend read and the target checks (real path, links, git) do not depend on each other.
      const [read, target] = await Promise.allSettled([
        this.read(input.ref, input.keys),
        prepareExport({ target: input.path, allowUnignored: input.allowUnignored, git: this.deps.git }),
      ]);
      if (read.status === 'rejected') throw read.reason;
      scoped = read.value; // set before any other throw, so the catch gives back the leases it minted
      if (target.status === 'rejected') throw target.reason;
      const prepared = target.value;
      if (prepared.existed) await this.refuseClobber(prepared.path, input.path, input.replaceExisting === true);
      const createdAt = this.now();
      const end = endWithGrant(createdAt, ttlSeconds, scoped.grant);
      const expiresAt = new Date(end.endsAt).toISOString();
      const grantWarnings = end.capped ? [`It ends at ${expiresAt}, when the access grant it was made with ends.`] : [];
      // The role's default TTL is often shorter than the export: credentials must not die while in use.
      const leaseWarnings = await this.renewForExport(scoped.leases, expiresAt);
      const content = serializerFor(format).serialize(scoped.values, { ref: input.ref, keys: scoped.keys.length, expiresAt });
      const record: ExportRecord = {
        id,
        ref: input.ref,
        kind: 'file',
        path: prepared.path,
        format,
        keys: scoped.keys,
        createdAt: new Date(createdAt).toISOString(),
        expiresAt,
        contentHash: sha256(content),
        leases: scoped.leases.map(({ id, backend, variable }) => ({ id, backend, ...(variable ? { variable } : {}) })),
        overrideUsed: prepared.overrideUsed,
        ...(scoped.grant ? { grant: scoped.grant } : {}),
      };
      const audited: AuditRecord[] = [];
      if (prepared.overrideUsed) {
        audited.push({ action: 'export.override', target: input.ref, outcome: 'ok', details: { id, path: prepared.path, reason: 'git does not ignore the file' } });
      }
      audited.push({
        action: 'export.create',
        target: input.ref,
        outcome: 'ok',
        details: { id, path: prepared.path, format, keys: scoped.keys.join(','), expiresAt, leases: scoped.leases.length },
      });
      await writeRecordedExport({ ledger: this.deps.ledger, audit: this.deps.audit }, record, content, audited);
      return { export: toSummary(record, this.now()), warnings: [...prepared.warnings, ...leaseWarnings, ...grantWarnings], record };
    } catch (error) {
      if (scoped) await this.releaseLeases(scoped.leases);
      const appError = toAppError(error);
      await this.deps.audit
        .append({ action: 'export.create', target: input.ref, outcome: outcomeOf(appError), details: { id, path: path.resolve(input.path), code: appError.code } })
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * An export must never silently destroy a file: a hand-written `.env` is lost data. A file an active
   * export wrote is refused too (revoke or extend that one instead), so one path never has two owners.
   */
  private async refuseClobber(realPath: string, requested: string, replaceForeign: boolean): Promise<void> {
    const now = this.now();
    const owner = (await this.deps.ledger.list()).find((r) => r.path === realPath && Date.parse(r.expiresAt) > now);
    if (owner) {
      throw new AppError('CONFLICT', `${requested} is already an active export of ${owner.ref} (id ${owner.id.slice(0, 8)}). Nothing was written.`,
        `Use \`latchkey extend ${owner.id.slice(0, 8)}\` to keep it longer, or \`latchkey revoke ${owner.id.slice(0, 8)}\` and export again.`);
    }
    if (!replaceForeign) {
      throw new AppError('CONFLICT', `${requested} already exists and Latchkey did not write it. Nothing was written.`,
        'Move it aside or choose another file. On the command line, --replace overwrites it (its content is lost).');
    }
  }

  /** Ends every export and mount made with an access grant (given back or revoked); returns how many. */
  async endGrant(requestId: string): Promise<number> {
    return (await endExports(this.sweepDeps, (r) => r.grant?.requestId === requestId, 'revoked')).length;
  }

  /** Ends one export now: file removed (if unchanged), leases revoked, audited as `export.revoke`. */
  async revoke(idOrPrefix: string): Promise<ExportEnded> {
    await this.sweep();
    const record = await this.find(idOrPrefix);
    const [ended] = await endExports(this.sweepDeps, (r) => r.id === record.id, 'revoked');
    if (!ended) throw notFound(idOrPrefix);
    return { id: record.id, ref: record.ref, fileRemoved: ended.fileRemoved, left: ended.left ?? null };
  }

  /** An active export by id or unambiguous id prefix. */
  async find(idOrPrefix: string): Promise<ExportRecord> {
    const now = this.now();
    const active = (await this.deps.ledger.list()).filter((r) => Date.parse(r.expiresAt) > now);
    const exact = active.find((r) => r.id === idOrPrefix);
    if (exact) return exact;
    const matches = active.filter((r) => r.id.startsWith(idOrPrefix));
    if (matches.length > 1) {
      throw new AppError('BAD_REQUEST', `"${idOrPrefix}" matches ${matches.length} exports.`, 'Give more of the id; `latchkey exports` lists them.');
    }
    if (matches.length === 0) throw notFound(idOrPrefix);
    return matches[0]!;
  }

  /**
   * Runs a command with the environment's secrets in its environment: nothing on disk. Audited as `run`
   * with the key names and the command's name only (its arguments may hold data). Leases created for the
   * run are kept renewed while the child runs and revoked when it exits. `onWarning` hears about renewals
   * that failed (no values, no lease ids).
   */
  async run(input: RunInput & { args: string[]; baseEnv?: NodeJS.ProcessEnv }): Promise<number> {
    const started = await this.beginRun(input);
    try {
      return await runWithSecrets({ command: input.command, args: input.args, values: started.values, baseEnv: input.baseEnv, endsAt: started.endsAt });
    } finally {
      await started.end();
    }
  }

  /**
   * The half of `run` before the child starts: read, audit, keep the leases renewed. The agent calls it for
   * the thin CLI, which starts the child itself; `end()` (once the child exits) stops the upkeep and
   * revokes the leases. `endsAt`: the child must be stopped then (the access grant it reads with ends).
   */
  async beginRun(input: RunInput): Promise<{ values: Record<string, string>; keys: string[]; leases: number; endsAt?: number; end(): Promise<void> }> {
    checkRef(input.ref);
    const command = path.basename(input.command);
    let scoped: ScopedValues;
    try {
      scoped = await this.read(input.ref, input.keys);
    } catch (error) {
      const appError = toAppError(error);
      await this.deps.audit.append({ action: 'run', target: input.ref, outcome: outcomeOf(appError), details: { command, code: appError.code } }).catch(() => undefined);
      throw error;
    }
    const stopUpkeep = keepLeasesAlive(scoped.leases, this.renewLease, { onError: input.onWarning });
    let ended: Promise<void> | undefined;
    const end = () => (ended ??= (async () => {
      stopUpkeep();
      await this.releaseLeases(scoped.leases);
    })());
    try {
      await this.deps.audit.append({ action: 'run', target: input.ref, outcome: 'ok', details: { command, keys: scoped.keys.join(','), leases: scoped.leases.length } });
    } catch (error) {
      await end();
      throw error;
    }
    // A run made with an access grant is stopped when the grant ends.
    const endsAt = scoped.grant ? Date.parse(scoped.grant.expiresAt) : undefined;
    return { values: scoped.values, keys: scoped.keys, leases: scoped.leases.length, ...(endsAt === undefined ? {} : { endsAt }), end };
  }
}

export function toSummary(record: ExportRecord, now: number): ExportSummary {
  return {
    id: record.id,
    ref: record.ref,
    kind: record.kind,
    path: record.path,
    format: record.format,
    keys: record.keys,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    secondsLeft: Math.max(0, Math.floor((Date.parse(record.expiresAt) - now) / 1000)),
    overrideUsed: record.overrideUsed,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No active export with id "${id}" (it may have expired or been revoked already).`, '`latchkey exports` lists the active ones.');
}

/** Short enough to type, random enough not to collide within one person's exports. */
export const newId = () => randomBytes(5).toString('hex');

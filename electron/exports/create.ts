import path from 'node:path';
import type { ExportCreated } from '../../shared/contract';
import type { AuditRecord } from '../audit/audit-log';
import { checkRef } from '../catalog/environment';
import { toAppError } from '../errors';
import { claimAudits, claimPath } from './claim';
import { recordedLeases, type ExportContext } from './context';
import type { ExportRecord } from './ledger';
import { writeRecorded } from './recorded-write';
import type { ScopedValues } from './scoped-read';
import { DEFAULT_EXPORT_FORMAT, serializerFor, type ExportFormat } from './serializers';
import { prepareTarget } from './target';
import { endWithGrant, resolveExportTtl } from './ttl';
import { newId, outcomeOf, toSummary } from './summary';

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

/**
 * Writes a scoped export: target checked (prepareTarget) alongside the backend read, the path claimed in
 * the ledger (claimPath) before any byte is written, then the file put in place by writeRecorded, whose
 * order makes a kill at any instant safe. A failure gives back the dynamic credentials it minted and is
 * audited.
 */
export async function createExport(ctx: ExportContext, input: CreateExportInput): Promise<ExportCreated & { record: ExportRecord }> {
  checkRef(input.ref);
  const format = input.format ?? DEFAULT_EXPORT_FORMAT;
  const ttlSeconds = resolveExportTtl(input.ref, input.ttl, await ctx.profileEnv(input.ref));
  const id = newId();
  let scoped: ScopedValues | undefined;
  try {
    // The backend read and the target checks (real path, links, git) do not depend on each other.
    const [read, checked] = await Promise.allSettled([
      ctx.read(input.ref, input.keys),
      prepareTarget({ requested: input.path, kind: 'file', allowUnignored: input.allowUnignored, git: ctx.git, dataDir: ctx.ledger.dataDir }),
    ]);
    if (read.status === 'rejected') throw read.reason;
    scoped = read.value; // set before any other throw, so the catch gives back the leases it minted
    if (checked.status === 'rejected') throw checked.reason;
    const target = checked.value;
    const createdAt = ctx.now();
    const end = endWithGrant(createdAt, ttlSeconds, scoped.grant);
    const expiresAt = new Date(end.endsAt).toISOString();
    const grantWarnings = end.capped ? [`It ends at ${expiresAt}, when the access grant it was made with ends.`] : [];
    const record: ExportRecord = {
      id,
      ref: input.ref,
      kind: 'file',
      path: target.path,
      format,
      keys: scoped.keys,
      createdAt: new Date(createdAt).toISOString(),
      expiresAt,
      contentHash: null,
      leases: recordedLeases(scoped.leases),
      overrideUsed: target.overrideUsed,
      ...(scoped.grant ? { grant: scoped.grant } : {}),
    };
    const claim = { requested: input.path, existed: target.existed, replaceExisting: input.replaceExisting === true, now: createdAt };
    // Refuse early, before renewing credentials, when the path is taken; the ledger lock decides for good below.
    await claimPath(await ctx.ledger.list(), record, claim);
    // The role's default TTL is often shorter than the export: credentials must not die while in use.
    const leaseWarnings = await ctx.renewForExport(scoped.leases, expiresAt);
    const content = serializerFor(format).serialize(scoped.values, { ref: input.ref, keys: scoped.keys.length, expiresAt });
    const audited: AuditRecord[] = claimAudits(record, target, {
      action: 'export.create',
      target: input.ref,
      outcome: 'ok',
      details: { id, path: target.path, format, keys: scoped.keys.join(','), expiresAt, leases: scoped.leases.length },
    });
    const written = await writeRecorded(ctx, {
      id,
      path: target.path,
      gitDir: target.gitDir,
      content,
      intent: (records, pending) => claimPath(records, { ...record, pending }, { ...claim, now: ctx.now() }),
      undo: (records) => records.filter((r) => r.id !== id),
      audited,
    });
    return { export: toSummary(written, ctx.now()), warnings: [...target.warnings, ...leaseWarnings, ...grantWarnings], record: written };
  } catch (error) {
    if (scoped) await ctx.releaseLeases(scoped.leases);
    const appError = toAppError(error);
    await ctx.audit
      .append({ action: 'export.create', target: input.ref, outcome: outcomeOf(appError), details: { id, path: path.resolve(input.path), code: appError.code } })
      .catch(() => undefined);
    throw error;
  }
}

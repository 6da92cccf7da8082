import { promises as fs } from 'node:fs';
import type { ExportSummary } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/errors';
import { sha256 } from '../util/hash';
import type { ExportContext } from './context';
import { withHeaderExpiry } from './header';
import { withoutPending, type ExportRecord } from './ledger';
import { writeRecorded } from './recorded-write';
import { notFound, toSummary } from './summary';
import { prepareTarget, type PreparedTarget } from './target';
import { maxTtlFor, parseTtl, tooLong } from './ttl';

/**
 * Extends an export: it now ends `ttl` from now (like Vault's lease renew increment). The profile's maxTtl
 * is checked again and counts from the export's creation, so extending cannot stretch an export past what
 * one export could have asked for at the start. The file's header is rewritten to the new expiry through
 * the same steps as a new export (target checked, intent recorded, private temp, rename); leases of dynamic
 * credentials are renewed to the new expiry, and `warnings` says when they end sooner.
 */
export async function extendExport(
  ctx: ExportContext,
  idOrPrefix: string,
  ttl: string,
): Promise<{ export: ExportSummary; headerUpdated: boolean; warnings: string[] }> {
  const seconds = parseTtl(ttl);
  const found = await ctx.find(idOrPrefix);
  if (found.kind === 'mount') {
    throw new AppError('BAD_REQUEST', `Export ${found.id} is a mount; its pipe closes at the time it was started with.`,
      'Stop it and mount again for as long as you need.', { next: { action: 'revoke-export', id: found.id } });
  }
  const max = maxTtlFor(await ctx.profileEnv(found.ref));
  const until = ctx.now() + seconds * 1000;
  const created = Date.parse(found.createdAt);
  if (until - created > max.seconds * 1000) {
    const limit = new Date(created + max.seconds * 1000).toISOString();
    throw tooLong(found.ref, ttl, max, ` from the export's creation (so no later than ${limit})`);
  }
  if (found.grant && until > Date.parse(found.grant.expiresAt)) {
    throw new AppError('BAD_REQUEST', `Export ${found.id} was made with an access grant that ends at ${found.grant.expiresAt}; it cannot outlive it.`,
      'Ask for access again for longer, then export again.');
  }
  if (until <= Date.parse(found.expiresAt)) {
    throw new AppError('BAD_REQUEST', `Export ${found.id} already lives until ${found.expiresAt}, later than ${ttl} from now.`,
      'Give a longer time, or end it now.', { next: { action: 'revoke-export', id: found.id } });
  }
  const expiresAt = new Date(until).toISOString();
  const warnings: string[] = [];
  const rewritten = await rewrittenHeader(found, expiresAt);
  const target = rewritten === null ? null : await targetStillFine(ctx, found, warnings);
  let updated: ExportRecord;
  if (rewritten !== null && target !== null) {
    updated = await writeRecorded(ctx, {
      id: found.id,
      path: found.path,
      gitDir: target.gitDir,
      content: rewritten,
      intent: (records, pending) => change(records, found, idOrPrefix, (r) => ({ ...r, expiresAt, pending })),
      undo: (records) => records.map((r) => (r.id === found.id ? withoutPending({ ...r, expiresAt: found.expiresAt }) : r)),
      audited: [],
    });
  } else {
    updated = await ctx.ledger.update(async (records) => {
      const next = await change(records, found, idOrPrefix, (r) => ({ ...r, expiresAt }));
      return { records: next, result: next.find((r) => r.id === found.id)! };
    });
  }
  const headerUpdated = updated.contentHash !== found.contentHash;
  warnings.push(...(await ctx.renewForExport(updated.leases, expiresAt)));
  await ctx.audit.append({
    action: 'export.extend',
    target: found.ref,
    outcome: 'ok',
    details: { id: found.id, from: found.expiresAt, expiresAt, headerUpdated },
  });
  return { export: toSummary(updated, ctx.now()), headerUpdated, warnings };
}

/** Applies `apply` to the export under the ledger lock, if it is still there and nobody else is changing it. */
async function change(records: ExportRecord[], found: ExportRecord, asked: string, apply: (r: ExportRecord) => ExportRecord): Promise<ExportRecord[]> {
  const current = records.find((r) => r.id === found.id);
  if (!current || current.ending) throw notFound(asked);
  if (current.pending) {
    throw new AppError('CONFLICT', `Export ${found.id} is being changed by another Latchkey process right now.`, 'Try again in a moment.', { next: { action: 'retry' } });
  }
  return records.map((r) => (r.id === found.id ? apply(r) : r));
}

/**
 * The file's text with its header saying the new expiry, when the file is still exactly what we wrote;
 * null when it is left alone (edited, moved, or a format without a header).
 */
async function rewrittenHeader(record: ExportRecord, expiresAt: string): Promise<string | null> {
  if (record.format === 'json' || record.contentHash === null) return null;
  const text = await fs.readFile(record.path, 'utf8').catch(() => null);
  if (text === null || sha256(text) !== record.contentHash) return null;
  return withHeaderExpiry(text, record.expiresAt, expiresAt);
}

/**
 * The rewrite passes the same checks as the first write (the path may have become a link, or git may no
 * longer ignore it). If it does not, the export is still extended; only its header keeps the old time.
 */
async function targetStillFine(ctx: ExportContext, record: ExportRecord, warnings: string[]): Promise<PreparedTarget | null> {
  try {
    return await prepareTarget({ requested: record.path, kind: 'file', allowUnignored: record.overrideUsed, git: ctx.git, dataDir: ctx.ledger.dataDir });
  } catch (error) {
    if (!isAppError(error)) throw error;
    warnings.push(`The file was not rewritten, so its header still shows the old expiry: ${error.message}`);
    return null;
  }
}

import { promises as fs } from 'node:fs';
import type { ExportSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { checkRef } from '../catalog/environment';
import { selfStamp } from '../fs/process-stamp';
import { claimAudits, claimPath } from './claim';
import { recordedLeases, type ExportContext } from './context';
import { serveFifo, type FifoEnd } from './fifo';
import type { ExportRecord } from './ledger';
import { serializeDotenv } from './serializers/dotenv';
import { endExports } from './sweeper';
import { newId, toSummary } from './summary';
import { prepareTarget } from './target';
import { endWithGrant, resolveExportTtl } from './ttl';

export interface MountInput {
  ref: string;
  path: string;
  keys?: string[];
  ttl?: string;
  maxReads?: number;
  allowUnignored?: boolean;
  /** Aborting stops serving (SIGINT/SIGTERM in the CLI); the pipe is removed either way. */
  signal?: AbortSignal;
  /** Called once the pipe exists and the ledger lists it. */
  onReady?: (summary: ExportSummary) => void;
  /** Dynamic credentials that end before the mount does (the role's max TTL caps them). */
  onWarning?: (message: string) => void;
}

/**
 * Serves an environment's dotenv text through a named pipe at `path` until expiry, `maxReads` reads or a
 * stop. Nothing rests on disk, yet the same checks as a file export apply (prepareTarget, claimPath): a
 * reader could copy the text into the repository by accident, and a pipe named `.env` in a work tree
 * invites exactly that. The ledger lists the mount with this process's stamp, so `exports` shows it and
 * `revoke` (or the sweeper at expiry) can stop it — after checking the process is still this one.
 */
export async function mountExport(ctx: ExportContext, input: MountInput): Promise<FifoEnd & { id: string }> {
  checkRef(input.ref);
  if (input.maxReads !== undefined && (!Number.isInteger(input.maxReads) || input.maxReads < 1)) {
    throw new AppError('BAD_REQUEST', 'The number of reads must be a positive whole number.', 'For example 1.');
  }
  const ttlSeconds = resolveExportTtl(input.ref, input.ttl, await ctx.profileEnv(input.ref));
  const target = await prepareTarget({ requested: input.path, kind: 'pipe', allowUnignored: input.allowUnignored, git: ctx.git, dataDir: ctx.ledger.dataDir });
  const scoped = await ctx.read(input.ref, input.keys);
  const id = newId();
  const createdAt = ctx.now();
  // Made with an access grant: the pipe closes no later than the grant ends.
  const expiresAt = new Date(endWithGrant(createdAt, ttlSeconds, scoped.grant).endsAt).toISOString();
  const record: ExportRecord = {
    id,
    ref: input.ref,
    kind: 'mount',
    path: target.path,
    format: 'dotenv',
    keys: scoped.keys,
    createdAt: new Date(createdAt).toISOString(),
    expiresAt,
    contentHash: null,
    leases: recordedLeases(scoped.leases),
    server: await selfStamp(),
    overrideUsed: target.overrideUsed,
    ...(scoped.grant ? { grant: scoped.grant } : {}),
  };
  let text: string;
  try {
    text = serializeDotenv(scoped.values, { ref: input.ref, keys: scoped.keys.length, expiresAt });
    const claim = { requested: input.path, existed: false, replaceExisting: false, now: createdAt };
    await ctx.ledger.update(async (records) => ({ records: await claimPath(records, record, claim), result: undefined }));
  } catch (error) {
    await ctx.releaseLeases(scoped.leases);
    throw error;
  }
  // Credentials must last as long as the pipe serves them, as for a file export.
  for (const warning of await ctx.renewForExport(scoped.leases, expiresAt)) input.onWarning?.(warning);
  for (const entry of claimAudits(record, target, {
    action: 'mount',
    target: input.ref,
    outcome: 'ok',
    details: { id, path: target.path, keys: scoped.keys.join(','), expiresAt, maxReads: input.maxReads ?? null },
  })) {
    await ctx.audit.append(entry);
  }

  let end: FifoEnd;
  try {
    const serving = serveFifo({
      path: target.path,
      content: () => text,
      expiresAt: Date.parse(expiresAt),
      maxReads: input.maxReads,
      signal: input.signal,
      onPipe: (inode) => ctx.ledger.update((records) => ({ records: records.map((r) => (r.id === id ? { ...r, inode } : r)), result: undefined })),
    });
    // serveFifo creates the pipe and then waits for a reader: announce once the pipe is there.
    void waitForPipe(target.path, input.signal).then((ready) => ready && input.onReady?.(toSummary(record, ctx.now())));
    end = await serving;
  } catch (error) {
    await endExports(ctx.sweepDeps, (r) => r.id === id, 'ended', { failed: true, details: { reason: 'failed', reads: 0 } });
    throw error;
  }
  // Unless `revoke` or the sweeper already ended it (they stop us after marking the record as theirs).
  await endExports(ctx.sweepDeps, (r) => r.id === id, 'ended', { details: { reason: end.reason, reads: end.reads } });
  return { ...end, id };
}

/** Resolves once a named pipe exists at `file` (or after ~5 s, or on abort). */
async function waitForPipe(file: string, signal?: AbortSignal): Promise<boolean> {
  for (let i = 0; i < 200 && !signal?.aborted; i++) {
    if ((await fs.lstat(file).catch(() => undefined))?.isFIFO()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

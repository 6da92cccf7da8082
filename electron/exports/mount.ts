import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExportSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { checkRef } from '../catalog/environment';
import { serveFifo, type FifoEnd } from './fifo';
import { inspectTarget } from './git-guard';
import type { ExportRecord } from './ledger';
import { newId, toSummary, type ExportService } from './service';
import { serializeDotenv } from './serializers/dotenv';
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
}

/**
 * Serves an environment's dotenv text through a named pipe at `path` until expiry, `maxReads` reads or a
 * stop. Nothing rests on disk, yet the git guard still applies: a reader could copy the text into the
 * repository by accident, and a pipe named `.env` in a work tree invites exactly that, so a path git would
 * not ignore is refused unless overridden (audited). The ledger lists the mount with this process's pid,
 * so `latchkey exports` shows it and `latchkey revoke` (or the sweeper at expiry) can stop it.
 */
export async function mountExport(service: ExportService, input: MountInput): Promise<FifoEnd & { id: string }> {
  checkRef(input.ref);
  if (input.maxReads !== undefined && (!Number.isInteger(input.maxReads) || input.maxReads < 1)) {
    throw new AppError('BAD_REQUEST', '--max-reads must be a positive whole number.', 'For example --max-reads 1.');
  }
  const ttlSeconds = resolveExportTtl(input.ref, input.ttl, await service.profileEnv(input.ref));
  const target = await pipeTarget(input.path);
  const overrideUsed = await guard(target, input.allowUnignored === true, service);

  const scoped = await service.read(input.ref, input.keys);
  const id = newId();
  const createdAt = service.now();
  const expiresAt = new Date(endWithGrant(createdAt, ttlSeconds, scoped.grant).endsAt).toISOString();
  const text = serializeDotenv(scoped.values, { ref: input.ref, keys: scoped.keys.length, expiresAt });
  const record: ExportRecord = {
    id,
    ref: input.ref,
    kind: 'mount',
    path: target,
    format: 'dotenv',
    keys: scoped.keys,
    createdAt: new Date(createdAt).toISOString(),
    expiresAt,
    contentHash: null,
    leases: scoped.leases,
    pid: process.pid,
    overrideUsed,
    ...(scoped.grant ? { grant: scoped.grant } : {}),
  };
  const { ledger, audit } = service.deps;
  await ledger.update((records) => ({ records: [...records, record], result: undefined }));
  if (overrideUsed) await audit.append({ action: 'export.override', target: input.ref, outcome: 'ok', details: { id, path: target, reason: 'git does not ignore the pipe' } });
  await audit.append({ action: 'mount', target: input.ref, outcome: 'ok', details: { id, path: target, keys: scoped.keys.join(','), expiresAt, maxReads: input.maxReads ?? null } });

  let end: FifoEnd;
  try {
    const serving = serveFifo({ path: target, content: () => text, expiresAt: Date.parse(expiresAt), maxReads: input.maxReads, signal: input.signal });
    // serveFifo creates the pipe and then blocks until a reader comes: announce once the pipe is there.
    void waitForPipe(target, input.signal).then((ready) => ready && input.onReady?.(toSummary(record, service.now())));
    end = await serving;
  } catch (error) {
    await finishMount(service, record, 'failed', 0);
    throw error;
  }
  await finishMount(service, record, end.reason, end.reads);
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

/**
 * Ends the mount's ledger entry ourselves — unless `revoke` or the sweeper already did (they removed it,
 * revoked its leases and audited `export.revoke`/`export.expire` before signalling us).
 */
async function finishMount(service: ExportService, record: ExportRecord, reason: FifoEnd['reason'] | 'failed', reads: number): Promise<void> {
  const mine = await service.deps.ledger.update((records) => ({
    records: records.filter((r) => r.id !== record.id),
    result: records.some((r) => r.id === record.id),
  }));
  if (!mine) return;
  await service.releaseLeases(record.leases);
  await service.deps.audit
    .append({ action: 'mount.end', target: record.ref, outcome: reason === 'failed' ? 'failed' : 'ok', details: { id: record.id, path: record.path, reason, reads } })
    .catch(() => undefined);
  // The pipe goes away with its server (fifo.ts), so nothing is left on disk.
  service.deps.events?.emit('exports:expired', { id: record.id, ref: record.ref, path: record.path, reason: reason === 'expired' ? 'expired' : 'revoked', fileRemoved: true, left: null });
}

async function pipeTarget(requested: string): Promise<string> {
  const absolute = path.resolve(requested);
  const parent = await fs.realpath(path.dirname(absolute)).catch(() => {
    throw new AppError('BAD_REQUEST', `The folder ${path.dirname(absolute)} does not exist.`, 'Create it first or choose another location.');
  });
  const target = path.join(parent, path.basename(absolute));
  if (await fs.lstat(target).catch(() => undefined)) {
    throw new AppError('CONFLICT', `${target} already exists.`, 'Choose another path, or remove the file first.');
  }
  return target;
}

async function guard(target: string, allowUnignored: boolean, service: ExportService): Promise<boolean> {
  const verdict = await inspectTarget(path.dirname(target), target, service.deps.git);
  if (verdict.kind === 'outside-repo' || verdict.kind === 'ignored') return false;
  if (allowUnignored) return true;
  if (verdict.kind === 'unknown') {
    throw new AppError('UNSAFE_TARGET', `Latchkey could not tell whether git would ignore ${target} (${verdict.reason}), so it did not create the pipe.`,
      'Choose a folder outside any repository, or pass --allow-unignored (recorded in the audit log).');
  }
  throw new AppError('UNSAFE_TARGET', `${target} is inside the git repository ${verdict.repoRoot} and git does not ignore it. No pipe was created.`,
    `Add this line to ${path.join(verdict.repoRoot, '.gitignore')}:\n${verdict.gitignoreLine}\nthen mount again. --allow-unignored overrides this and is recorded in the audit log.`);
}

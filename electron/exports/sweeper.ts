import path from 'node:path';
import type { ExportLedger, ExportRecord } from './ledger';
import { removeIfUnchanged } from './shred';
import { cleanupStaleTemps } from './writer';

export interface EndedExport {
  record: ExportRecord;
  reason: 'expired' | 'revoked';
  fileRemoved: boolean;
  /** Set when the file was left in place, in words for the user. */
  left?: string;
}

export interface SweepDeps {
  ledger: ExportLedger;
  revokeLease(lease: { id: string; backend: string }): Promise<void>;
  audit(entry: { action: string; target: string; outcome: 'ok' | 'failed'; details?: Record<string, unknown> }): Promise<void>;
  onEnded?(ended: EndedExport): void;
  now?: () => number;
}

/**
 * Ends exports: removes what was written (only if unchanged), revokes their leases, audits, notifies.
 * The ledger entry goes away in the same locked update that decided to end it, so two sweepers (the app
 * and a CLI run at the same moment) never end the same export twice.
 */
export async function endExports(deps: SweepDeps, pick: (r: ExportRecord) => boolean, reason: EndedExport['reason']): Promise<EndedExport[]> {
  // Nothing to end (the usual case, checked before every list): no lock taken, no ledger rewritten and fsync'd.
  if (!(await deps.ledger.list()).some(pick)) return [];
  const ending = await deps.ledger.update((records) => ({
    records: records.filter((r) => !pick(r)),
    result: records.filter(pick),
  }));
  const ended: EndedExport[] = [];
  for (const record of ending) {
    ended.push(await finish(deps, record, reason));
  }
  return ended;
}

/** Ends every export whose time is up. Runs at app start, on a timer, and before every CLI command. */
export function sweepExpired(deps: SweepDeps): Promise<EndedExport[]> {
  const now = (deps.now ?? Date.now)();
  return endExports(deps, (r) => Date.parse(r.expiresAt) <= now, 'expired');
}

async function finish(deps: SweepDeps, record: ExportRecord, reason: EndedExport['reason']): Promise<EndedExport> {
  if (record.kind === 'mount' && record.pid !== undefined) stopServer(record.pid);
  const outcome = await removeIfUnchanged(record.path, record.contentHash).catch(() => ({ removed: false as const, reason: 'not-a-file' as const }));
  const left = outcome.removed ? undefined : describeLeft(record.path, outcome.reason);
  // A writer killed between writing its temp file and renaming it leaves the secret in a temp file next
  // to the target (the ledger record was already written, so it comes here). Stale ones only: a temp
  // younger than a minute may be another export to the same path, still being written.
  if (record.kind === 'file') await cleanupStaleTemps(path.dirname(record.path), path.basename(record.path)).catch(() => []);
  let leasesOk = true;
  for (const lease of record.leases) {
    await deps.revokeLease(lease).catch(() => {
      leasesOk = false;
    });
  }
  await deps.audit({
    action: reason === 'expired' ? 'export.expire' : 'export.revoke',
    target: record.ref,
    outcome: leasesOk ? 'ok' : 'failed',
    details: { id: record.id, path: record.path, keys: record.keys.length, fileRemoved: outcome.removed, ...(left ? { left } : {}), leases: record.leases.length },
  });
  const ended: EndedExport = { record, reason, fileRemoved: outcome.removed, ...(left ? { left } : {}) };
  deps.onEnded?.(ended);
  return ended;
}

function describeLeft(file: string, reason: 'missing' | 'changed' | 'not-a-file'): string {
  switch (reason) {
    case 'missing':
      return `${file} was already gone (moved or deleted); nothing to remove`;
    case 'changed':
      return `${file} was edited after export, so Latchkey left it in place; delete it yourself if it still holds secrets`;
    case 'not-a-file':
      return `${file} is no longer a regular file; Latchkey left it in place`;
  }
}

function stopServer(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone: the sweeper then removes the pipe itself.
  }
}

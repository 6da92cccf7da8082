import { promises as fs } from 'node:fs';
import { removeDeadWritersTemps } from '../fs/atomic';
import { isRunning, selfStamp, type ProcessStamp } from '../fs/process-stamp';
import { sha256 } from '../util/hash';
import { withoutPending, type EndReason, type ExportLedger, type ExportRecord } from './ledger';
import { removePrivateTemp } from './private-temp';
import { describeOutcome, removeWritten } from './shred';

export interface EndedExport {
  record: ExportRecord;
  reason: EndReason;
  fileRemoved: boolean;
  /** Set when something was left in place (or only unlinked), in words for the user. */
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
 * Whether a sweep has anything to do: something expired, a mount whose server is gone, a writer or an
 * ending that a killed process left unfinished. Reads only the records and /proc (see sweepNeeded).
 */
async function sweepDue(records: ExportRecord[], now: number): Promise<boolean> {
  for (const record of records) {
    if ((await triage(record, now)) !== 'keep') return true;
  }
  return false;
}

type Triage = 'keep' | 'resume' | 'settle' | EndReason;

async function triage(record: ExportRecord, now: number): Promise<Triage> {
  if (record.ending) return (await isRunning(record.ending.by)) ? 'keep' : 'resume';
  if (record.pending) return (await isRunning(record.pending.writer)) ? 'keep' : 'settle';
  if (Date.parse(record.expiresAt) <= now) return 'expired';
  if (record.kind === 'mount' && (record.server === undefined || !(await isRunning(record.server)))) return 'expired';
  return 'keep';
}

/**
 * The cheap half of a sweep (the usual case, checked before every CLI command and every list): reads the
 * ledger and, when nothing is due, removes dead writers' temp files from the data dir — no lock taken, no
 * ledger rewritten, no services needed. True when the full sweep has work to do.
 */
export async function sweepNeeded(ledger: ExportLedger, now: number): Promise<boolean> {
  if (await sweepDue(await ledger.list(), now)) return true;
  await removeDeadWritersTemps(ledger.dataDir).catch(() => []);
  return false;
}

/**
 * Ends what is due: expired exports, mounts whose server is gone, and whatever a killed process left half
 * done — a write (its temp folder is removed and the export kept only if its file is complete) or an
 * ending (finished, audit line included). Then removes dead writers' temp files from the data dir. Runs
 * at app start, on the app's timer and before every CLI command.
 */
export async function sweepExpired(deps: SweepDeps): Promise<EndedExport[]> {
  const now = (deps.now ?? Date.now)();
  if (!(await sweepNeeded(deps.ledger, now))) return [];
  const me = await selfStamp();
  const ending = await deps.ledger.update(async (records) => {
    const next: ExportRecord[] = [];
    const taken: ExportRecord[] = [];
    let changed = false;
    for (const original of records) {
      let record = original;
      let verdict = await triage(record, now);
      if (verdict === 'settle') {
        record = await settle(record);
        verdict = record.contentHash === null && record.kind === 'file' ? 'interrupted' : await triage(record, now);
        changed = true;
      }
      if (verdict === 'keep' || verdict === 'settle') {
        next.push(record);
        continue;
      }
      const reason: EndReason = verdict === 'resume' ? record.ending!.reason : verdict;
      record = { ...record, ending: { reason, by: me } };
      next.push(record);
      taken.push(record);
      changed = true;
    }
    return { records: changed ? next : records, result: taken };
  });
  const ended: EndedExport[] = [];
  for (const record of ending) ended.push(await finish(deps, record));
  await removeDeadWritersTemps(deps.ledger.dataDir).catch(() => []);
  return ended;
}

/**
 * Ends the exports `pick` chooses (revoke, a mount's own end). Each is first marked in the ledger as being
 * ended by this process, so a second sweeper leaves it alone and, if this process is killed halfway, the
 * next sweep finishes the job. Exports someone else is writing or ending are left to them.
 */
export async function endExports(deps: SweepDeps, pick: (r: ExportRecord) => boolean, reason: EndReason, audit: AuditExtra = {}): Promise<EndedExport[]> {
  // Nothing to end: no lock taken, no ledger rewritten and fsync'd.
  if (!(await deps.ledger.list()).some(pick)) return [];
  const me = await selfStamp();
  const ending = await deps.ledger.update(async (records) => {
    const taken: ExportRecord[] = [];
    const next: ExportRecord[] = [];
    for (const record of records) {
      if (!pick(record) || record.ending || (record.pending && (await isRunning(record.pending.writer)))) {
        next.push(record);
        continue;
      }
      const marked = { ...record, ending: { reason, by: me } };
      next.push(marked);
      taken.push(marked);
    }
    return { records: taken.length > 0 ? next : records, result: taken };
  });
  const ended: EndedExport[] = [];
  for (const record of ending) ended.push(await finish(deps, record, audit));
  return ended;
}

/** What the caller adds to the audit line that closes an export (a mount's own end says why and how many reads). */
export interface AuditExtra {
  failed?: boolean;
  details?: Record<string, unknown>;
}

/**
 * A write whose writer died: its temp folder goes, and the record now describes what is really at the
 * path — the new file when the rename happened (its hash matches), else what was there before.
 */
async function settle(record: ExportRecord): Promise<ExportRecord> {
  const pending = record.pending!;
  await removePrivateTemp(pending.temp).catch(() => false);
  const rest = withoutPending(record);
  const found = await fs.lstat(record.path).catch(() => undefined);
  if (found?.isFile()) {
    const content = await fs.readFile(record.path).catch(() => undefined);
    if (content !== undefined && sha256(content) === pending.contentHash) {
      return { ...rest, contentHash: pending.contentHash, inode: { dev: found.dev, ino: found.ino } };
    }
  }
  return rest;
}

const ACTIONS: Record<EndReason, string> = { expired: 'export.expire', interrupted: 'export.expire', revoked: 'export.revoke', ended: 'mount.end' };

async function finish(deps: SweepDeps, record: ExportRecord, extra: AuditExtra = {}): Promise<EndedExport> {
  const reason = record.ending!.reason;
  if (record.kind === 'mount' && record.server) await stopServer(record.server);
  const outcome = await removeWritten({ ...record, alsoOurs: record.pending?.contentHash }).catch(() => ({ removed: false as const, reason: 'not-ours' as const }));
  if (record.pending) await removePrivateTemp(record.pending.temp).catch(() => false);
  // A mount's server removes its own pipe: finding it gone is the normal end, not news.
  const quiet = record.kind === 'mount' && !outcome.removed && outcome.reason === 'missing';
  const left = quiet ? undefined : describeOutcome(record.path, outcome);
  let leasesOk = true;
  for (const lease of record.leases) {
    await deps.revokeLease(lease).catch(() => {
      leasesOk = false;
    });
  }
  await deps.audit({
    action: ACTIONS[reason],
    target: record.ref,
    outcome: leasesOk && extra.failed !== true ? 'ok' : 'failed',
    details: {
      id: record.id,
      path: record.path,
      keys: record.keys.length,
      fileRemoved: outcome.removed,
      ...(left ? { left } : {}),
      leases: record.leases.length,
      ...(reason === 'interrupted' ? { interrupted: true } : {}),
      ...extra.details,
    },
  });
  // Last: until here a kill leaves the record marked, and the next sweep does all of this again.
  await deps.ledger.update((records) => ({ records: records.filter((r) => r.id !== record.id), result: undefined }));
  const ended: EndedExport = { record, reason, fileRemoved: outcome.removed, ...(left ? { left } : {}) };
  deps.onEnded?.(ended);
  return ended;
}

/** Stops a mount's server — only if the process is still the one that recorded itself (never a stranger that reuses its pid) and not us. */
async function stopServer(server: ProcessStamp): Promise<void> {
  if (server.pid === process.pid || !(await isRunning(server))) return;
  try {
    process.kill(server.pid, 'SIGTERM');
  } catch {
    // Gone meanwhile: the sweeper removes the pipe itself.
  }
}

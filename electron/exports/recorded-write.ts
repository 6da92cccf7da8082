import type { AppendOptions, AuditRecord } from '../audit/audit-log';
import { selfStamp } from '../fs/process-stamp';
import { sha256 } from '../util/hash';
import { withoutPending, type ExportLedger, type ExportRecord } from './ledger';
import { privateTempFor, stagePrivate } from './private-temp';
import { removeWritten } from './shred';

export interface RecordedWriteDeps {
  ledger: ExportLedger;
  audit: { append(record: AuditRecord, options?: AppendOptions): Promise<unknown> };
}

export type Pending = NonNullable<ExportRecord['pending']>;

export interface RecordedWrite {
  id: string;
  /** The real target path (see prepareTarget). */
  path: string;
  /** The repository's git dir when the target is in one: the temp folder goes there (see private-temp.ts). */
  gitDir: string | null;
  content: string;
  /** Records the intent: adds or updates the record with `pending` set. Runs under the ledger lock; throws to refuse. */
  intent(records: ExportRecord[], pending: Pending): ExportRecord[] | Promise<ExportRecord[]>;
  /** Takes the intent back when the write fails before the file is in place. */
  undo(records: ExportRecord[]): ExportRecord[];
  /** Written once the temp file is complete, alongside the rename. */
  audited: AuditRecord[];
}

/**
 * Puts an export file in place with its ledger record and audit entries, in an order a kill -9 at any
 * instant cannot turn into a leak:
 *
 *   1. intent: the record, naming the temp folder and this writer, durable in the ledger (locked,
 *      atomic, fsync'd) — the temp does not exist yet  ‖  audit entries prepared (lock, chain, signature)
 *   2. temp folder + file written and fsync'd (private-temp.ts: where git never shows it)
 *   3. rename into place (+ folder fsync)  ‖  audit entries written
 *   4. settle: the record's hash and inode now name the file in place; `pending` goes
 *
 * A kill before 4 leaves a record whose writer is dead; the next sweep removes the temp folder and keeps
 * the export if the file in place is the complete one (hash), else ends it (see sweeper.ts). When a step
 * fails instead, what was done is undone — temp or file removed, intent taken back — and the first error
 * is thrown; the caller audits the failure. If only step 4 fails, the file stays, recorded as pending, and
 * is settled by the sweep after this process ends.
 */
export async function writeRecorded(deps: RecordedWriteDeps, write: RecordedWrite): Promise<ExportRecord> {
  const pending: Pending = { temp: await privateTempFor(write.path, write.gitDir), contentHash: sha256(write.content), writer: await selfStamp() };
  const recording = deps.ledger.update(async (records) => ({ records: await write.intent(records, pending), result: undefined }));
  const staging = recording.then(() => stagePrivate(pending.temp, write.path, write.content, 0o600));
  staging.catch(() => undefined); // handled below
  // Queued in this order by the audit log; each is written only once the temp file is complete.
  const appending = Promise.allSettled(write.audited.map((entry) => deps.audit.append(entry, { after: staging })));
  const [recorded, staged] = await Promise.allSettled([recording, staging]);
  if (recorded.status === 'rejected') {
    await appending; // they see step 1 fail and write nothing
    throw recorded.reason;
  }
  if (staged.status === 'rejected') {
    await appending;
    await takeBack(deps.ledger, write.undo);
    throw staged.reason;
  }
  const file = staged.value;
  const [committed, appended] = await Promise.all([file.commit().then(ok, fail), appending]);
  const failure = firstError(committed, ...appended);
  if (failure !== undefined) {
    // An export that could not be audited is not left behind: remove the file (if it is still ours).
    if (committed.status === 'fulfilled') {
      await removeWritten({ kind: 'file', path: write.path, contentHash: pending.contentHash, inode: file.inode }).catch(() => undefined);
    } else {
      await file.discard().catch(() => undefined);
    }
    await takeBack(deps.ledger, write.undo);
    throw failure;
  }
  return deps.ledger.update((records) => {
    let settled: ExportRecord | undefined;
    const next = records.map((r): ExportRecord => {
      if (r.id !== write.id || r.pending?.temp !== pending.temp) return r;
      settled = { ...withoutPending(r), contentHash: pending.contentHash, inode: file.inode };
      return settled;
    });
    // Sweeps and revokes leave a record alone while its writer runs, so it is still there.
    if (settled === undefined) throw new Error(`export ${write.id} left the ledger while it was being written`);
    return { records: next, result: settled };
  });
}

/** Takes an intent back. If even that fails, the record stays and a sweep settles it after this process ends. */
async function takeBack(ledger: ExportLedger, undo: RecordedWrite['undo']): Promise<void> {
  await ledger.update((records) => ({ records: undo(records), result: undefined })).catch(() => undefined);
}

const ok = (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined });
const fail = (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason });

function firstError(...settled: Array<PromiseSettledResult<unknown>>): unknown {
  return settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason;
}

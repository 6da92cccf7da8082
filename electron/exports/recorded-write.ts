import type { AppendOptions, AuditRecord } from '../audit/audit-log';
import { stageFileAtomic, type StagedFile } from '../fs/atomic';
import type { ExportLedger, ExportRecord } from './ledger';
import { removeIfUnchanged } from './shred';

export interface RecordedWriteDeps {
  ledger: ExportLedger;
  audit: { append(record: AuditRecord, options?: AppendOptions): Promise<unknown> };
}

/**
 * Puts an export file in place at `record.path` with its ledger record and audit entries, overlapping the
 * durable steps where order does not matter and keeping it where it does:
 *
 *   1. temp file written + fsync'd  ‖  ledger record added (locked, atomic, fsync'd)  ‖  audit entries
 *      prepared (lock, chain, signature)
 *   2. temp renamed over the target (+ dir fsync)  ‖  audit entries written (fsync'd)
 *
 * The rename and the audit lines wait for step 1, so the secret never sits under its name without a
 * record the sweeper will act on, and the log never says `ok` for an export the ledger does not hold
 * (every `export.create ok` is later matched by an `export.expire`/`export.revoke`). A crash in step 1
 * leaves at most a record whose file never appeared (the sweeper reports it gone) and a temp file (the
 * sweeper removes it with the record). If any step fails, what was done is undone — temp or file removed,
 * record taken out — and the first error is thrown; the caller audits the failure (after an `ok` entry
 * only when the rename itself failed, so the log still reads in order).
 */
export async function writeRecordedExport(deps: RecordedWriteDeps, record: ExportRecord, content: string, audited: AuditRecord[]): Promise<void> {
  const staging = stageFileAtomic(record.path, content, { mode: 0o600 });
  const recording = deps.ledger.update((records) => ({ records: [...records, record], result: undefined }));
  const firstStep = Promise.all([staging, recording]);
  firstStep.catch(() => undefined); // its failure is handled below, through staging and recording
  // Queued in this order by the audit log; each is written only once step 1 has succeeded.
  const appending = Promise.allSettled(audited.map((entry) => deps.audit.append(entry, { after: firstStep })));
  const [staged, recorded] = await Promise.allSettled([staging, recording]);
  if (staged.status === 'rejected' || recorded.status === 'rejected') {
    await appending; // they see step 1 fail and write nothing
    if (staged.status === 'fulfilled') await staged.value.discard().catch(() => undefined);
    if (recorded.status === 'fulfilled') await forget(deps.ledger, record.id);
    throw firstError(staged, recorded);
  }
  const file: StagedFile = staged.value;
  const [committed, appended] = await Promise.all([file.commit().then(ok, fail), appending]);
  if (committed.status === 'rejected' || appended.some((a) => a.status === 'rejected')) {
    // An export that could not be audited is not left behind: remove the file (if it is still ours).
    if (committed.status === 'fulfilled') await removeIfUnchanged(record.path, record.contentHash).catch(() => undefined);
    await forget(deps.ledger, record.id);
    throw firstError(committed, ...appended);
  }
}

const ok = (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined });
const fail = (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason });

/** Takes a record back out. If even that fails, the record stays and the sweeper ends it at expiry. */
async function forget(ledger: ExportLedger, id: string): Promise<void> {
  await ledger.update((records) => ({ records: records.filter((r) => r.id !== id), result: undefined })).catch(() => undefined);
}

function firstError(...settled: Array<PromiseSettledResult<unknown>>): unknown {
  return settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason;
}

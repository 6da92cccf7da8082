import type { ExportCreated, ExportEnded, ExportSummary } from '../../../shared/contract';
import { formatTimeLeft as formatLeft } from '../../../shared/time';
import { printJson, type Io } from '../print';

// What `export`, `exports`, `revoke` and the sweep before each command print. Shared by the full CLI and
// the thin CLI (which must not load zod), so the two paths print the same bytes.

export function printExportCreated(io: Io, created: ExportCreated, json: boolean): void {
  for (const warning of created.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (created.export.overrideUsed) io.stderr.write('warning: git does not ignore this file; the override is recorded in the audit log.\n');
  const e = created.export;
  if (json) return printJson(io, e);
  io.stdout.write(
    `Wrote ${e.keys.length} ${e.keys.length === 1 ? 'key' : 'keys'} from ${e.ref} to ${e.path} (${e.format}).\n` +
      `Expires ${e.expiresAt} (in ${formatLeft(e.secondsLeft)}); id ${e.id}. End it sooner with \`latchkey revoke ${e.id}\`.\n`,
  );
}

export function printExportList(io: Io, active: ExportSummary[], json: boolean): void {
  if (json) return printJson(io, active);
  if (active.length === 0) {
    io.stdout.write('No active exports.\n');
    return;
  }
  for (const e of active) {
    const kind = e.kind === 'mount' ? 'mount ' : e.format.padEnd(6);
    io.stdout.write(`${e.id}  ${kind}  ${formatLeft(e.secondsLeft).padStart(7)} left  ${e.ref}  ${e.path}  (${e.keys.length} keys)${e.overrideUsed ? '  [not ignored by git]' : ''}\n`);
  }
}

export function printRevoked(io: Io, ended: ExportEnded, json: boolean): void {
  if (json) return printJson(io, ended);
  io.stdout.write(`Revoked ${ended.id} (${ended.ref})${ended.fileRemoved ? '; its file was removed' : ''}.\n`);
  if (ended.left) io.stderr.write(`latchkey: ${ended.left}\n`);
}

/** An export that ended in the sweep before a command: what, and what was left in place. */
export interface SweptExport {
  id: string;
  ref: string;
  kind: 'file' | 'mount';
  path: string;
  /** `interrupted`: its writer was killed before the file was in place (nothing of it is left). */
  reason: 'expired' | 'revoked' | 'interrupted' | 'ended';
  fileRemoved: boolean;
  left: string | null;
}

const HOW: Record<SweptExport['reason'], string> = {
  expired: 'expired',
  ended: 'expired',
  revoked: 'was revoked',
  interrupted: 'was interrupted before its file was written',
};

export function printSwept(io: Io, ended: SweptExport[]): void {
  for (const e of ended) {
    const what = e.kind === 'mount' ? 'mount' : 'export';
    io.stderr.write(`latchkey: ${what} ${e.id} of ${e.ref} ${HOW[e.reason]}${e.fileRemoved ? `; removed ${e.path}` : ''}.\n`);
    if (e.left) io.stderr.write(`latchkey: ${e.left}\n`);
  }
}

export function printSweepFailed(io: Io, message: string): void {
  io.stderr.write(`latchkey: could not end expired exports (${message}); will retry on the next command.\n`);
}

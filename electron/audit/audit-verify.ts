import { z } from 'zod';
import { AuditEntry, GENESIS, hmacMatches, lineHash } from './audit-entry';

/**
 * The last entry the writer appended (sequence number and hash of its line), kept in the keychain beside
 * the HMAC key — not in the data dir, where whoever deletes or rolls back the log could delete or roll back
 * the record of it too. It lets verify notice lines cut off the end, a deleted log and an older copy put back.
 */
export const AuditAnchor = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });
export type AuditAnchor = z.infer<typeof AuditAnchor>;

export interface VerifyReport {
  ok: boolean;
  entries: number;
  /** 1-based line number of the first line that fails, when !ok. */
  badLine?: number;
  problem?: string;
}

/**
 * Checks every line in order: it parses, its seq is its line number (catches deletions and reordering),
 * its `prev` is the hash of the line before (catches edits to that line), and its HMAC matches (catches
 * edits to this line, and forged lines, which need the keychain key). Names the first bad line. Then
 * checks the log against the keychain anchor (see anchorProblem).
 */
export function verifyAuditText(text: string, key: Buffer, anchor: AuditAnchor | null): VerifyReport {
  const lines = text === '' ? [] : text.split('\n');
  const complete = lines.at(-1) === '';
  if (complete) lines.pop();
  const bad = (line: number, problem: string): VerifyReport => ({ ok: false, entries: lines.length, badLine: line, problem });

  let prevLine: string | null = null;
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    let entry: AuditEntry;
    try {
      entry = AuditEntry.parse(JSON.parse(line));
    } catch {
      return bad(number, number === lines.length && !complete ? 'the last line is incomplete' : 'the line is not a valid audit entry');
    }
    if (entry.seq !== number) {
      return bad(number, `the line carries sequence number ${entry.seq}: a line before it was deleted or lines were reordered`);
    }
    const expectedPrev = prevLine === null ? GENESIS : lineHash(prevLine);
    if (entry.prev !== expectedPrev) {
      return bad(number, number === 1 ? 'the first line does not start the chain' : `the chain is broken: line ${number - 1} was changed`);
    }
    if (!hmacMatches(entry, key)) return bad(number, 'the line was edited (its signature does not match)');
    prevLine = line;
  }
  if (!complete && lines.length > 0) return bad(lines.length, 'the last line is incomplete');

  const problem = anchorProblem(lines, anchor);
  return problem ? bad(problem.line, problem.text) : { ok: true, entries: lines.length };
}

/**
 * The writer appends the line (fsync'd) and then updates the anchor, so a crash in between leaves the log
 * one entry ahead of its anchor: that entry is accepted (its chain and signature were checked) and the
 * next append moves the anchor on. Anything else is a problem: fewer lines than the anchor records
 * (cut off, deleted, an older copy), a different line where the anchor points (replaced), or more than
 * one line past it (not written through this log).
 */
function anchorProblem(lines: string[], found: AuditAnchor | null): { line: number; text: string } | null {
  const anchor = found ?? { seq: 0, hash: '' };
  if (anchor.seq > lines.length) {
    const written = `${anchor.seq} ${anchor.seq === 1 ? 'entry was' : 'entries were'} written`;
    return lines.length === 0
      ? { line: 1, text: `the log is missing or empty, but the keychain anchor records that ${written}: it was deleted or replaced` }
      : { line: lines.length + 1, text: `the log ends at line ${lines.length} but the keychain anchor records that ${written}: lines were cut off the end, or an older copy of the log was put back` };
  }
  if (anchor.seq > 0 && lineHash(lines[anchor.seq - 1]!) !== anchor.hash) {
    return { line: anchor.seq, text: 'the line differs from the one the keychain anchor records: the log was replaced' };
  }
  if (lines.length > anchor.seq + 1) {
    if (found === null) return { line: 2, text: 'the keychain holds no anchor for this log: it was removed, or the log was not written here' };
    return { line: anchor.seq + 2, text: `the keychain anchor ends at entry ${anchor.seq}: lines from here on were not written through this log` };
  }
  return null;
}

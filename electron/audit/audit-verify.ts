import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { AuditEntry, GENESIS, hmacMatches, lineHash } from './audit-entry';

/** The last line the writer appended, signed: lets verify notice lines cut off the end of the log. */
export const AuditHead = z.object({ seq: z.number().int().nonnegative(), hash: z.string(), hmac: z.string() });
export type AuditHead = z.infer<typeof AuditHead>;

export function signHead(seq: number, hash: string, key: Buffer): AuditHead {
  return { seq, hash, hmac: headHmac(seq, hash, key) };
}

function headHmac(seq: number, hash: string, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalJson({ kind: 'audit-head', seq, hash })).digest('hex');
}

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
 * edits to this line, and forged lines, which need the keychain key). Names the first bad line.
 */
export function verifyAuditText(text: string, key: Buffer, head: AuditHead | null): VerifyReport {
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

  if (head) {
    if (head.hmac !== headHmac(head.seq, head.hash, key)) return bad(Math.max(1, lines.length), 'the log head record was edited');
    if (head.seq > lines.length) {
      return bad(lines.length + 1, `the log ends at line ${lines.length} but ${head.seq} entries were written: lines were cut off the end`);
    }
    if (head.seq > 0 && lineHash(lines[head.seq - 1]!) !== head.hash) {
      return bad(head.seq, 'the line differs from the one the writer recorded');
    }
  }
  return { ok: true, entries: lines.length };
}

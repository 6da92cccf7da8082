import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';

/** Details may name keys, refs, paths, counts and outcomes: scalars only, never values or tokens. */
export const AuditDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetails = z.infer<typeof AuditDetails>;

export const AuditActor = z.object({ user: z.string(), device: z.string().nullable() });
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditOutcome = z.enum(['ok', 'failed', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  time: z.string(),
  actor: AuditActor,
  action: z.string().min(1),
  target: z.string(),
  outcome: AuditOutcome,
  details: AuditDetails,
  /** SHA-256 (hex) of the previous line as written, or GENESIS for the first line. */
  prev: z.string(),
  /** HMAC-SHA256 (hex) over the canonical JSON of every other field, keyed from the keychain. */
  hmac: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export type UnsignedEntry = Omit<AuditEntry, 'hmac'>;

export const GENESIS = '0'.repeat(64);

export const lineHash = (line: string) => createHash('sha256').update(line, 'utf8').digest('hex');

export function signEntry(entry: UnsignedEntry, key: Buffer): AuditEntry {
  return { ...entry, hmac: hmacOf(entry, key) };
}

export function hmacMatches(entry: AuditEntry, key: Buffer): boolean {
  const { hmac, ...rest } = entry;
  const expected = Buffer.from(hmacOf(rest, key), 'hex');
  const actual = Buffer.from(hmac, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hmacOf(entry: UnsignedEntry, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalJson(entry), 'utf8').digest('hex');
}

/** Field names that would mean a caller is about to log a secret: refuse rather than write it. */
const FORBIDDEN_DETAIL = /^(value|values|token|password|secret|clientSecret|privateKey)$/i;

export function assertSafeDetails(details: AuditDetails): void {
  for (const key of Object.keys(details)) {
    if (FORBIDDEN_DETAIL.test(key)) throw new Error(`audit details must not carry "${key}"`);
  }
}

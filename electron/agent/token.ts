import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random token (256 bits) for a starting agent; it lives in a 0600 file in the 0700 data dir. */
export const newAgentToken = () => randomBytes(32).toString('hex');

/** Constant-time comparison: hashing first gives equal lengths, so neither length nor content leaks by timing. */
export function tokensMatch(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

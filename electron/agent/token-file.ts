import { readFileSync } from 'node:fs';

/** The token a client presents; null when there is none to read (no agent ever started here). Apart from
 *  token.ts so the thin CLI does not load node:crypto. */
export function readAgentToken(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

import { createHash } from 'node:crypto';

/** SHA-256 as lowercase hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of `data`, its first 16 bytes as hex in groups of four (`1a2b:3c4d:…`): easy to compare aloud. */
export function spokenFingerprint(data: Uint8Array): string {
  return sha256(data).slice(0, 32).match(/.{4}/g)!.join(':');
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AccessPrincipal } from '../../shared/access';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic';
import { withFileLock } from '../fs/lock';
import { GrantEnvelope, SignedRequest } from './records';

/**
 * What this device remembers about access, in `access.json` (mode 0600; no credential ever: grant
 * credentials live in the keychain under `grant:<request id>`).
 *   mine    requests made here; `draft` until the backend has them (a request made while the backend was
 *           down is kept and sent by the next command, never lost)
 *   grants  grants received here: which ref, until when, how to end them early
 *   pins    device keys an approver has confirmed per person (trust on first approval, like SSH host keys)
 *   me      who each backend last said we are (a request can be drafted while the backend is down)
 */
const Draft = z.object({
  id: z.string(),
  ref: z.string(),
  reason: z.string(),
  durationSeconds: z.number().int().positive(),
  createdAt: z.string(),
  requestExpiresAt: z.string(),
});
export type Draft = z.infer<typeof Draft>;

const MineEntry = z.object({
  id: z.string(),
  backend: z.string(),
  ref: z.string(),
  /** Present until sent. */
  draft: Draft.nullable(),
  /** The signed request as sent (so `--mine` shows it even when the ledger cannot be read). */
  sent: SignedRequest.nullable(),
  /** Last error from trying to send it, for the person. */
  problem: z.string().nullable().default(null),
  /** Nothing more can happen to it (ended, denied, lapsed…): reads of its ref stop looking for a grant. */
  settled: z.boolean().default(false),
});
export type MineEntry = z.infer<typeof MineEntry>;

const GrantRecord = z.object({
  requestId: z.string(),
  backend: z.string(),
  ref: z.string(),
  expiresAt: z.string(),
  type: GrantEnvelope.shape.type,
  handle: z.string(),
  receivedAt: z.string(),
  /** The grant is a privilege on the person's own session (no credential of its own): reads use their sign-in. */
  ownSession: z.boolean().default(false),
  /** Identity fingerprint (kind, url, …) of the backend as configured when the grant arrived: never sent elsewhere. */
  boundTo: z.string().optional(),
});
export type GrantRecord = z.infer<typeof GrantRecord>;

const Pin = z.object({ fingerprint: z.string(), box: z.string(), sign: z.string(), name: z.string(), pinnedAt: z.string() });
export type Pin = z.infer<typeof Pin>;

const AccessFile = z.object({
  version: z.literal(1),
  mine: z.array(MineEntry).default([]),
  grants: z.array(GrantRecord).default([]),
  /** `<backend>/<requester id>` → pinned device. */
  pins: z.record(z.string(), Pin).default({}),
  me: z.record(z.string(), AccessPrincipal.extend({ names: z.array(z.string()) })).default({}),
});
export type AccessFile = z.infer<typeof AccessFile>;

export const grantAccount = (requestId: string) => `grant:${requestId}`;
export const pinKey = (backend: string, requesterId: string) => `${backend}/${requesterId}`;

/** The app and every CLI process share this file: each change is a locked read-modify-write. */
export class AccessStore {
  private readonly file: string;
  private readonly lock: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'access', 'access.json');
    this.lock = path.join(dataDir, 'access', 'access.lock');
  }

  async read(): Promise<AccessFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return AccessFile.parse({ version: 1 });
      throw error;
    }
    return AccessFile.parse(JSON.parse(text));
  }

  async update<T>(change: (data: AccessFile) => T | Promise<T>): Promise<T> {
    await ensurePrivateDir(path.dirname(this.file));
    return withFileLock(this.lock, async () => {
      const data = await this.read();
      const result = await change(data);
      await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
      return result;
    });
  }
}

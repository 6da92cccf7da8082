import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { SecretStore } from '../identity/secret-store';
import { AuditEntry, GENESIS, assertSafeDetails, lineHash, signEntry, type AuditDetails, type AuditOutcome } from './audit-entry';
import { AuditAnchor, verifyAuditText, type VerifyReport } from './audit-verify';
import { withFileLock } from '../fs/lock';

const AUDIT_FILE = 'audit.log';
const AUDIT_KEY_ACCOUNT = 'audit-hmac-key';
/** The keychain account of the anchor: the last entry written (see audit-verify.ts). */
const AUDIT_ANCHOR_ACCOUNT = 'audit-anchor';

export interface AuditRecord {
  action: string;
  /** What was acted on: an env ref, a backend name, a file path. */
  target: string;
  outcome: AuditOutcome;
  details?: AuditDetails;
}

export interface AppendOptions {
  after?: Promise<unknown>;
}

export interface AuditLogOptions {
  dataDir: string;
  store: SecretStore;
  /** Fingerprint of this device's key, or null before it exists. */
  device: () => Promise<string | null>;
  user?: string;
  now?: () => Date;
}

/**
 * Append-only JSON lines, hash-chained and HMAC'd, anchored in the keychain (see audit-verify.ts). One
 * writer at a time across processes (lock file), one write() per entry on an O_APPEND handle, fsync'd,
 * then the anchor, all before the lock is released.
 */
export class AuditLog {
  readonly file: string;
  private readonly lockFile: string;
  private queue: Promise<unknown> = Promise.resolve();
  private signingKey: Buffer | undefined;

  constructor(private readonly options: AuditLogOptions) {
    this.file = path.join(options.dataDir, AUDIT_FILE);
    this.lockFile = `${this.file}.lock`;
  }

  /**
   * Appends one entry. `options.after`: the entry is prepared (lock, chain, signature) at once but written
   * only after this promise resolves, and not at all if it rejects — a caller can overlap the preparation
   * with the durable write the entry reports on, without the entry ever landing before it.
   */
  append(record: AuditRecord, options: AppendOptions = {}): Promise<AuditEntry> {
    const details = record.details ?? {};
    assertSafeDetails(details);
    // Chain in-process callers first so they do not race each other for the lock file.
    const next = this.queue.then(() => withFileLock(this.lockFile, () => this.appendLocked({ ...record, details }, options.after)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every append started so far has finished (written or failed): for a clean shutdown. */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** The most recent entries, oldest first. Does not verify: use verify() for that. */
  async list(limit?: number): Promise<AuditEntry[]> {
    const lines = (await this.readText()).split('\n').filter(Boolean);
    const wanted = limit === undefined ? lines : lines.slice(-limit);
    return wanted.map((line) => AuditEntry.parse(JSON.parse(line)));
  }

  /** Under the append lock, so an entry written meanwhile is not mistaken for one the anchor lacks. */
  async verify(): Promise<VerifyReport> {
    return withFileLock(this.lockFile, async () => {
      const [text, anchor] = await Promise.all([this.readText(), this.readAnchor()]);
      if (text === '' && anchor === null) return { ok: true, entries: 0 };
      const key = await this.key(false);
      if (!key) {
        throw new AppError('KEYCHAIN_UNAVAILABLE', 'The audit log signing key is not in the keychain, so the log cannot be verified.',
          'The keychain this log was written with may be locked or replaced.', { next: { action: 'doctor' } });
      }
      return verifyAuditText(text, key, anchor);
    });
  }

  private async appendLocked(record: Required<AuditRecord>, after?: Promise<unknown>): Promise<AuditEntry> {
    // Independent reads: the keychain key and anchor, the tail of the log, the device fingerprint.
    const [key, anchor, last, device] = await Promise.all([
      this.key(true).then((k) => k!),
      this.readAnchor(),
      this.lastLine(),
      this.options.device().catch(() => null),
    ]);
    const lastSeq = last ? Number((JSON.parse(last) as { seq?: unknown }).seq) || 0 : 0;
    // If lines were cut off the end (or the log deleted), keep counting from the anchor so the gap stays visible.
    const seq = Math.max(lastSeq, anchor?.seq ?? 0) + 1;
    const entry = signEntry(
      {
        seq,
        time: (this.options.now?.() ?? new Date()).toISOString(),
        actor: { user: this.options.user ?? safeUsername(), device },
        action: record.action,
        target: record.target,
        outcome: record.outcome,
        details: record.details,
        prev: last === null ? GENESIS : lineHash(last),
      },
      key,
    );
    const line = JSON.stringify(entry);
    if (after) await after;
    // The line is durable before the anchor names it: a crash in between leaves the log one entry ahead
    // of the anchor, which verify accepts and this method repairs on the next append.
    await appendLine(this.file, line);
    const next: AuditAnchor = { seq, hash: lineHash(line) };
    await this.options.store.set(AUDIT_ANCHOR_ACCOUNT, JSON.stringify(next));
    return entry;
  }

  /** Read once per process: the key never changes, and every keychain call costs milliseconds. */
  private async key(create: boolean): Promise<Buffer | null> {
    if (this.signingKey) return this.signingKey;
    const stored = await this.options.store.get(AUDIT_KEY_ACCOUNT);
    if (stored) return (this.signingKey = Buffer.from(stored, 'base64'));
    if (!create) return null;
    const fresh = randomBytes(32);
    await this.options.store.set(AUDIT_KEY_ACCOUNT, fresh.toString('base64'));
    return (this.signingKey = fresh);
  }

  private async readText(): Promise<string> {
    try {
      return await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  private async readAnchor(): Promise<AuditAnchor | null> {
    const stored = await this.options.store.get(AUDIT_ANCHOR_ACCOUNT);
    if (stored === null) return null;
    try {
      return AuditAnchor.parse(JSON.parse(stored));
    } catch {
      // A damaged anchor cannot vouch for any line: verify then reports every line past the first.
      return { seq: 0, hash: '' };
    }
  }

  /** Reads only the tail of the file: the log grows forever, appends must not. */
  private async lastLine(): Promise<string | null> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      for (let chunk = 16 * 1024; ; chunk *= 4) {
        const start = Math.max(0, size - chunk);
        const buffer = Buffer.alloc(size - start);
        await handle.read(buffer, 0, buffer.length, start);
        const lines = buffer.toString('utf8').split('\n').filter(Boolean);
        if (lines.length >= 2 || start === 0) return lines.at(-1) ?? null;
      }
    } finally {
      await handle.close();
    }
  }
}

/** One write() of the whole line on an O_APPEND handle, fsync'd before returning. */
async function appendLine(file: string, line: string): Promise<void> {
  const handle = await fs.open(file, 'a', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

let username: string | undefined;

/** The OS user (read once per process: os.userInfo() reads the passwd database on every call). */
function safeUsername(): string {
  if (username !== undefined) return username;
  try {
    username = os.userInfo().username;
  } catch {
    username = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return username;
}

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { stageFileAtomic } from '../fs/atomic';
import type { SecretStore } from '../identity/secret-store';
import { AuditEntry, GENESIS, assertSafeDetails, lineHash, signEntry, type AuditDetails, type AuditOutcome } from './audit-entry';
import { AuditHead, signHead, verifyAuditText, type VerifyReport } from './audit-verify';
import { withFileLock } from '../fs/lock';

export const AUDIT_FILE = 'audit.log';
export const AUDIT_KEY_ACCOUNT = 'audit-hmac-key';

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
 * Append-only JSON lines, hash-chained and HMAC'd (see audit-verify.ts). One writer at a time across
 * processes (lock file), one write() per entry on an O_APPEND handle, fsync before the lock is released.
 */
export class AuditLog {
  readonly file: string;
  private readonly headFile: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AuditLogOptions) {
    this.file = path.join(options.dataDir, AUDIT_FILE);
    this.headFile = path.join(options.dataDir, 'audit.head');
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
    const next = this.queue.then(() => withFileLock(`${this.file}.lock`, () => this.appendLocked({ ...record, details }, options.after)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The most recent entries, oldest first. Does not verify: use verify() for that. */
  async list(limit?: number): Promise<AuditEntry[]> {
    const lines = (await this.readText()).split('\n').filter(Boolean);
    const wanted = limit === undefined ? lines : lines.slice(-limit);
    return wanted.map((line) => AuditEntry.parse(JSON.parse(line)));
  }

  async verify(): Promise<VerifyReport> {
    const text = await this.readText();
    const head = await this.readHead();
    if (text === '' && head === null) return { ok: true, entries: 0 };
    const key = await this.key(false);
    if (!key) {
      throw new AppError('KEYCHAIN_UNAVAILABLE', 'The audit log signing key is not in the keychain, so the log cannot be verified.',
        'Run `latchkey doctor`: the keychain this log was written with may be locked or replaced.');
    }
    return verifyAuditText(text, key, head);
  }

  private async appendLocked(record: Required<AuditRecord>, after?: Promise<unknown>): Promise<AuditEntry> {
    // Independent reads: the keychain key, the tail of the log, the head, the device fingerprint.
    const [key, last, head, device] = await Promise.all([
      this.key(true).then((k) => k!),
      this.lastLine(),
      this.readHead(),
      this.options.device().catch(() => null),
    ]);
    const lastSeq = last ? Number((JSON.parse(last) as { seq?: unknown }).seq) || 0 : 0;
    // If lines were cut off the end, keep counting from the head so the gap stays visible to verify.
    const seq = Math.max(lastSeq, head?.seq ?? 0) + 1;
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
    // The line and the new head become durable side by side; the head is renamed into place only once
    // the line is on disk, so it never names a line a crash could still lose. The rename itself is not
    // fsync'd: losing it in a crash leaves the previous head, which verify accepts (a head only proves
    // that the lines up to it were written).
    const [appended, staged] = await Promise.allSettled([
      appendLine(this.file, line),
      stageFileAtomic(this.headFile, JSON.stringify(signHead(seq, lineHash(line), key)) + '\n', { mode: 0o600 }),
    ]);
    if (appended.status === 'rejected') {
      if (staged.status === 'fulfilled') await staged.value.discard().catch(() => undefined);
      throw appended.reason;
    }
    if (staged.status === 'rejected') throw staged.reason;
    await staged.value.commit({ syncDir: false });
    return entry;
  }

  private async key(create: boolean): Promise<Buffer | null> {
    const stored = await this.options.store.get(AUDIT_KEY_ACCOUNT);
    if (stored) return Buffer.from(stored, 'base64');
    if (!create) return null;
    const fresh = randomBytes(32);
    await this.options.store.set(AUDIT_KEY_ACCOUNT, fresh.toString('base64'));
    return fresh;
  }

  private async readText(): Promise<string> {
    try {
      return await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  private async readHead(): Promise<AuditHead | null> {
    try {
      return AuditHead.parse(JSON.parse(await fs.readFile(this.headFile, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      // A damaged head is reported by verify as a problem with the head, not hidden.
      return { seq: 0, hash: '', hmac: 'unreadable' };
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

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { ensurePrivateDir, writeFileAtomic } from '../../fs/atomic';
import type { SecretStore } from '../../identity/secret-store';
import type { Redactor } from '../redact';
import { tokenAccount } from '../types';
import { signInAgain } from './errors';

/** What we know about a token without holding it: safe to keep on disk (no token, no accessor). */
export interface TokenMeta {
  /** ISO time the token expires, or null for a non-expiring token (root, periodic without TTL). */
  expiresAt: string | null;
  /** The TTL it got when issued or last renewed; renewal is due when less than a third of it remains. */
  ttlSeconds: number;
  renewable: boolean;
  identity: string;
  policies: string[];
}

/**
 * The token of one Vault backend: read from the SecretStore on first use and kept in memory; its non-secret
 * metadata (expiry, renewable) in memory and, when a data dir is given, in `<dataDir>/sessions/<name>.json`
 * so a later process (the CLI) still knows when to renew.
 */
export class VaultSession {
  private token: string | null = null;
  private meta: TokenMeta | null | undefined = undefined;

  constructor(
    readonly backend: string,
    private readonly store: SecretStore,
    private readonly redactor: Redactor,
    private readonly dataDir?: string,
  ) {}

  private get metaFile(): string | null {
    return this.dataDir ? path.join(this.dataDir, 'sessions', `${this.backend}.json`) : null;
  }

  /** The token for the next request; UNAUTHENTICATED when nobody signed in. */
  async currentToken(): Promise<string> {
    if (this.token === null) {
      const stored = await this.store.get(tokenAccount(this.backend));
      if (!stored) throw new AppError('UNAUTHENTICATED', `You are not signed in to ${this.backend}.`, 'Sign in to it first.', signInAgain(this.backend));
      this.redactor.register(stored);
      this.token = stored;
    }
    return this.token;
  }

  async hasToken(): Promise<boolean> {
    return this.token !== null || (await this.store.get(tokenAccount(this.backend))) !== null;
  }

  /** Forget what we hold in memory, so the next use reads the keychain again (another process may have signed in). */
  reload(): void {
    this.token = null;
    this.meta = undefined;
  }

  async save(token: string, meta: TokenMeta): Promise<void> {
    this.redactor.register(token);
    await this.store.set(tokenAccount(this.backend), token);
    this.token = token;
    await this.saveMeta(meta);
  }

  async getMeta(): Promise<TokenMeta | null> {
    if (this.meta !== undefined) return this.meta;
    const file = this.metaFile;
    this.meta = null;
    if (file) {
      try {
        this.meta = JSON.parse(await fs.readFile(file, 'utf8')) as TokenMeta;
      } catch {
        // No file or a damaged one: we just do not know when to renew; requests still work.
      }
    }
    return this.meta;
  }

  async saveMeta(meta: TokenMeta): Promise<void> {
    this.meta = meta;
    const file = this.metaFile;
    if (!file) return;
    await ensurePrivateDir(path.dirname(file));
    await writeFileAtomic(file, `${JSON.stringify(meta, null, 2)}\n`);
  }

  /** Forgets the token and its session file; true when a stored token was deleted. */
  async clear(): Promise<boolean> {
    // The token stays registered with the redactor: a revoked token in a log is still a token in a log.
    this.token = null;
    this.meta = null;
    const deleted = await this.store.delete(tokenAccount(this.backend));
    const file = this.metaFile;
    if (file) await fs.rm(file, { force: true });
    return deleted;
  }
}

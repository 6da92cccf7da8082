import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { KeychainStatus } from '../../shared/contract';
import { writeFileAtomic } from '../fs/atomic';
import type { SecretStore } from './secret-store';
import { loadSodium, type Sodium } from './sodium';

/**
 * The explicit, opt-in fallback when no OS keychain answers: every entry is encrypted with a key derived
 * from the user's passphrase (Argon2id, libsodium crypto_pwhash) and sealed with secretbox
 * (XSalsa20-Poly1305). There is no plaintext fallback anywhere: without the passphrase nothing opens.
 */
const StoreFile = z.object({
  version: z.literal(1),
  kdf: z.object({
    alg: z.literal('argon2id13'),
    opslimit: z.number().int().positive(),
    memlimit: z.number().int().positive(),
    salt: z.string(),
  }),
  nonce: z.string(),
  box: z.string(),
});
type StoreFile = z.infer<typeof StoreFile>;

const Entries = z.record(z.string(), z.string());

export const MIN_PASSPHRASE_LENGTH = 12;

export class PassphraseStore implements SecretStore {
  readonly kind = 'passphrase' as const;

  private constructor(
    private readonly sodium: Sodium,
    private readonly file: string,
    private readonly header: StoreFile['kdf'],
    private readonly key: Uint8Array,
    private entries: Record<string, string>,
  ) {}

  /** Creates a new store. Refuses to overwrite an existing one: that would destroy its secrets. */
  static async create(file: string, passphrase: string): Promise<PassphraseStore> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new AppError('BAD_REQUEST', `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    if (await exists(file)) {
      throw new AppError('CONFLICT', 'A passphrase store already exists.', 'Unlock it with your passphrase instead of creating a new one.');
    }
    const sodium = await loadSodium();
    const header = {
      alg: 'argon2id13' as const,
      opslimit: sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE,
      memlimit: sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE,
      salt: sodium.to_base64(sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES)),
    };
    const store = new PassphraseStore(sodium, file, header, deriveKey(sodium, passphrase, header), {});
    await store.persist();
    return store;
  }

  /** Opens an existing store; a wrong passphrase is UNAUTHENTICATED and changes nothing on disk. */
  static async open(file: string, passphrase: string): Promise<PassphraseStore> {
    const sodium = await loadSodium();
    let parsed: StoreFile;
    try {
      parsed = StoreFile.parse(JSON.parse(await fs.readFile(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('NOT_FOUND', 'No passphrase store exists yet.', undefined, { next: { action: 'init-passphrase-store' } });
      }
      throw new AppError('INTERNAL', `The passphrase store at ${file} is damaged and cannot be read.`, 'Restore it from a backup or move it aside and sign in again.');
    }
    const key = deriveKey(sodium, passphrase, parsed.kdf);
    let plain: Uint8Array;
    try {
      plain = sodium.crypto_secretbox_open_easy(sodium.from_base64(parsed.box), sodium.from_base64(parsed.nonce), key);
    } catch {
      throw new AppError('UNAUTHENTICATED', 'That passphrase does not open the Latchkey store.', 'Check the passphrase and try again.');
    }
    const entries = Entries.parse(JSON.parse(sodium.to_string(plain)));
    return new PassphraseStore(sodium, file, parsed.kdf, key, entries);
  }

  static exists(file: string): Promise<boolean> {
    return exists(file);
  }

  async get(account: string) {
    return Object.hasOwn(this.entries, account) ? this.entries[account]! : null;
  }

  async set(account: string, value: string) {
    this.entries = { ...this.entries, [account]: value };
    await this.persist();
  }

  async delete(account: string) {
    if (!Object.hasOwn(this.entries, account)) return false;
    const { [account]: _removed, ...rest } = this.entries;
    this.entries = rest;
    await this.persist();
    return true;
  }

  async status(): Promise<KeychainStatus> {
    return { backend: 'passphrase', detail: `Passphrase-protected store at ${this.file} (Argon2id + secretbox)` };
  }

  private async persist(): Promise<void> {
    const s = this.sodium;
    // A fresh nonce on every write: secretbox nonces must never repeat under one key.
    const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
    const box = s.crypto_secretbox_easy(s.from_string(JSON.stringify(this.entries)), nonce, this.key);
    const file: StoreFile = { version: 1, kdf: this.header, nonce: s.to_base64(nonce), box: s.to_base64(box) };
    await writeFileAtomic(this.file, JSON.stringify(file), { mode: 0o600 });
  }
}

function deriveKey(sodium: Sodium, passphrase: string, kdf: StoreFile['kdf']): Uint8Array {
  return sodium.crypto_pwhash(
    sodium.crypto_secretbox_KEYBYTES,
    passphrase,
    sodium.from_base64(kdf.salt),
    kdf.opslimit,
    kdf.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

import { z } from 'zod';
import type { AwsBackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import type { Redactor } from '../redact';
import { tokenAccount } from '../types';
import { quietSdk } from './clients';

/** What the SDK signs with. `expiration` is set for temporary credentials (SSO, assumed roles). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<AwsCredentials>;

/**
 * What the keychain holds under `backend:<name>`: a pasted key pair, or only the note that the user signed
 * in through the AWS chain (no secret: the chain's own files and SSO cache hold those, not Latchkey).
 */
const Stored = z.union([
  z.object({ method: z.literal('keys'), accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
  z.object({ method: z.literal('chain') }),
]);
type Stored = z.infer<typeof Stored>;

/** Access key ids are 16–128 upper-case letters and digits; secrets are long. Checked before any request. */
export function assertKeyShape(accessKeyId: string, secretAccessKey: string, backend: string): void {
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId) || secretAccessKey.length < 16 || /\s/.test(secretAccessKey)) {
    throw new AppError('BAD_REQUEST', `That does not look like an AWS access key pair for ${backend}.`, 'Copy the access key id and the secret access key again from the IAM console (or your key file).');
  }
}

/**
 * Where an AWS backend's credentials come from: fixed ones (a grant's temporary credentials), a pasted key
 * pair in the keychain, or the standard chain (optionally one named profile). Holds them in memory once read.
 */
export class AwsCredentialSource {
  private stored: Stored | null | undefined;
  private chain: CredentialProvider | undefined;

  constructor(
    private readonly config: AwsBackendConfig,
    private readonly secretStore: SecretStore,
    private readonly redactor: Redactor,
    private readonly fixed?: AwsCredentials,
  ) {
    if (fixed) this.register(fixed);
  }

  /** The provider the clients sign with, decided on each call (after a sign-in the choice changes). */
  readonly provider: CredentialProvider = async () => {
    if (this.fixed) return this.fixed;
    const stored = await this.read();
    if (stored?.method === 'keys') return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
    if (!stored && this.config.auth.method === 'keys') {
      throw new AppError('UNAUTHENTICATED', `You are not signed in to ${this.config.name} (AWS): it uses a pasted access key pair and none is saved.`, 'Sign in with an access key pair.', {
        next: { action: 'login', backend: this.config.name },
      });
    }
    return this.fromChain();
  };

  /** The standard chain, built once (the SDK refreshes SSO and role credentials inside it). */
  readonly fromChain: CredentialProvider = async () => {
    if (!this.chain) {
      quietSdk();
      const { fromNodeProviderChain } = await import('./sdk/chain');
      const provider = fromNodeProviderChain(this.config.profile ? { profile: this.config.profile } : {});
      this.chain = async () => this.register(await provider());
    }
    return this.chain();
  };

  keys(accessKeyId: string, secretAccessKey: string): CredentialProvider {
    const pair = this.register({ accessKeyId, secretAccessKey });
    return async () => pair;
  }

  async hasStored(): Promise<boolean> {
    return (await this.read()) !== null;
  }

  async save(stored: Stored): Promise<void> {
    await this.secretStore.set(tokenAccount(this.config.name), JSON.stringify(stored));
    this.stored = stored;
  }

  async forget(): Promise<void> {
    this.stored = null;
    this.chain = undefined;
    await this.secretStore.delete(tokenAccount(this.config.name));
  }

  /** Read the keychain again on next use (another process may have signed in or out). */
  reload(): void {
    this.stored = undefined;
    this.chain = undefined;
  }

  private async read(): Promise<Stored | null> {
    if (this.stored !== undefined) return this.stored;
    const text = await this.secretStore.get(tokenAccount(this.config.name));
    const parsed = text === null ? null : Stored.safeParse(safeJson(text));
    if (parsed && !parsed.success) {
      throw new AppError('UNAUTHENTICATED', `The saved credentials for ${this.config.name} (AWS) are unreadable.`, 'Sign in again.', { next: { action: 'login', backend: this.config.name } });
    }
    this.stored = parsed ? parsed.data : null;
    if (this.stored?.method === 'keys') this.register(this.stored);
    return this.stored;
  }

  /** Every part goes to the redactor before any request can echo it into a message (the key id too: it names the key). */
  private register<T extends AwsCredentials>(credentials: T): T {
    this.redactor.register(credentials.accessKeyId);
    this.redactor.register(credentials.secretAccessKey);
    this.redactor.register(credentials.sessionToken);
    return credentials;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

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
 * What the store holds under `backend:<name>` (bound to the backend's identity by the factory's store): a
 * pasted key pair; only the note that the user signed in through the AWS chain (no secret: the chain's own
 * files and SSO cache hold those, not Latchkey); or, in an access grant's in-memory store, the temporary
 * credentials of the environment's read role.
 */
const Stored = z.union([
  z.object({ method: z.literal('keys'), accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
  z.object({ method: z.literal('chain') }),
  z.object({ method: z.literal('session'), accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().min(1), expiresAt: z.iso.datetime() }),
]);
type Stored = z.infer<typeof Stored>;

/** An access grant's credentials as the grant store keeps them (see access/aws): one string. */
export const grantCredential = (session: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: string }) =>
  JSON.stringify({ method: 'session', ...session } satisfies Stored);

/** Access key ids are 16–128 upper-case letters and digits; secrets are long. Checked before any request. */
export function assertKeyShape(accessKeyId: string, secretAccessKey: string, backend: string): void {
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId) || secretAccessKey.length < 16 || /\s/.test(secretAccessKey)) {
    throw new AppError('BAD_REQUEST', `That does not look like an AWS access key pair for ${backend}.`, 'Copy the access key id and the secret access key again from the IAM console (or your key file).');
  }
}

/**
 * Where an AWS backend's credentials come from: the store (a pasted key pair in the keychain, or a grant's
 * temporary credentials), else the standard chain (optionally one named profile). Holds them in memory once read.
 */
export class AwsCredentialSource {
  private stored: Stored | null | undefined;
  private chain: CredentialProvider | undefined;

  constructor(
    private readonly config: AwsBackendConfig,
    private readonly secretStore: SecretStore,
    private readonly redactor: Redactor,
  ) {}

  /** The provider the clients sign with, decided on each call (after a sign-in the choice changes). */
  readonly provider: CredentialProvider = async () => {
    const stored = await this.read();
    if (stored?.method === 'keys') return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
    if (stored?.method === 'session') {
      return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, sessionToken: stored.sessionToken, expiration: new Date(stored.expiresAt) };
    }
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

  async save(stored: Stored): Promise<void> {
    await this.secretStore.set(tokenAccount(this.config.name), JSON.stringify(stored));
    this.stored = stored;
  }

  /** Deletes what Latchkey stored (never anything of the AWS CLI's); true when something was stored. */
  async forget(): Promise<boolean> {
    this.stored = null;
    this.chain = undefined;
    return this.secretStore.delete(tokenAccount(this.config.name));
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
    if (this.stored?.method === 'keys' || this.stored?.method === 'session') this.register(this.stored);
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

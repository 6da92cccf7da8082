import type { AwsBackendConfig } from '../../../shared/backends';
import type { HttpClientOptions } from '../http';
import type { Redactor } from '../redact';
import type { CredentialProvider } from './credentials';
import { awsError } from './errors';

type SecretsManagerSdk = typeof import('./sdk/secrets-manager');
type StsSdk = typeof import('./sdk/sts');

export type AwsHttpOptions = Partial<Pick<HttpClientOptions, 'timeoutMs' | 'maxAttempts' | 'onRequest'>>;

/** The part of an SDK client this file touches: its middleware stack, `send` and `destroy`. */
interface SdkClient {
  middlewareStack: { add(middleware: unknown, options: { step: 'deserialize'; name: string }): void };
  destroy(): void;
}

/**
 * Call before importing the SDK. Its clients warn once per process that Node 20 support ends in 2027: true,
 * but not the user's business in every `latchkey` run (package.json `engines` is where the project tracks it).
 */
export function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/**
 * The SDK clients of one AWS backend, built on first use from lazily imported SDK modules. Every client
 * signs with the same credential provider, retries throttling and transient failures in the SDK's
 * standard mode, and reports each HTTP attempt to `onRequest` (the bench and tests count requests there).
 */
export class AwsClients {
  private secretsManager: Promise<{ client: InstanceType<SecretsManagerSdk['SecretsManagerClient']>; sdk: SecretsManagerSdk }> | undefined;
  private security: Promise<{ sts: InstanceType<StsSdk['STSClient']>; iam: InstanceType<StsSdk['IAMClient']>; sdk: StsSdk }> | undefined;

  constructor(
    readonly config: AwsBackendConfig,
    private readonly credentials: CredentialProvider,
    private readonly http: AwsHttpOptions,
    readonly redactor: Redactor,
  ) {}

  /** Secrets Manager; `what` names the thing asked for in an error. Errors come back as AppError. */
  async sm<T>(what: string, call: (client: InstanceType<SecretsManagerSdk['SecretsManagerClient']>, sdk: SecretsManagerSdk) => Promise<T>): Promise<T> {
    this.secretsManager ??= (quietSdk(), import('./sdk/secrets-manager')).then((sdk) => ({ client: this.build(new sdk.SecretsManagerClient(this.options())), sdk }));
    const { client, sdk } = await this.secretsManager;
    return this.guard(what, () => call(client, sdk));
  }

  /** STS and IAM (sign-in, doctor, read-role grants). */
  async sts<T>(what: string, call: (clients: { sts: InstanceType<StsSdk['STSClient']>; iam: InstanceType<StsSdk['IAMClient']> }, sdk: StsSdk) => Promise<T>): Promise<T> {
    this.security ??= (quietSdk(), import('./sdk/sts')).then((sdk) => ({
      sts: this.build(new sdk.STSClient(this.options())),
      iam: this.build(new sdk.IAMClient(this.options())),
      sdk,
    }));
    const { sts, iam, sdk } = await this.security;
    return this.guard(what, () => call({ sts, iam }, sdk));
  }

  /** Maps what the SDK throws (after its retries) to an AppError naming `what`. */
  async guard<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw awsError(error, { backend: this.config.name, url: this.config.url, what, profile: this.config.profile, redact: (t) => this.redactor.redact(t) });
    }
  }

  /** Clients of the same backend that sign with `credentials` instead (a candidate sign-in, a grant being received). */
  withCredentials(credentials: CredentialProvider): AwsClients {
    return new AwsClients(this.config, credentials, this.http, this.redactor);
  }

  /** Closes sockets; the next call builds fresh clients (after a sign-in the credentials differ). */
  reset(): void {
    const [sm, security] = [this.secretsManager, this.security];
    this.secretsManager = this.security = undefined;
    void sm?.then(({ client }) => client.destroy(), () => undefined);
    void security?.then(({ sts, iam }) => (sts.destroy(), iam.destroy()), () => undefined);
  }

  private options() {
    const timeout = this.http.timeoutMs ?? 10_000;
    return {
      region: this.config.region,
      ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}),
      credentials: this.credentials,
      maxAttempts: this.http.maxAttempts ?? 3,
      retryMode: 'standard',
      // Without throwOnRequestTimeout the SDK only logs a slow request; a hung endpoint must fail instead.
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true },
    };
  }

  private build<C extends SdkClient>(client: C): C {
    const onRequest = this.http.onRequest;
    if (onRequest) {
      // The deserialize step runs once per HTTP attempt (inside the retry loop): retries are counted too.
      client.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { request?: { headers?: Record<string, string> } }) => {
          const attempt = Number(/attempt=(\d+)/.exec(args.request?.headers?.['amz-sdk-request'] ?? '')?.[1] ?? 1);
          onRequest({ method: 'POST', path: `/${context.commandName ?? 'unknown'}`, attempt });
          return next(args);
        },
        { step: 'deserialize', name: 'latchkeyOnRequest' },
      );
    }
    return client;
  }
}

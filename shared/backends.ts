import { z } from 'zod';

/** A backend's short name: used in environment refs (`<backend>:<project>/<env>`) and keychain accounts. */
export const BackendName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes');

export const BackendKind = z.enum(['vault', 'infisical', 'doppler', 'aws']);
export type BackendKind = z.infer<typeof BackendKind>;

const HttpUrl = z.url({ protocol: /^https?$/ });

export const VaultBackendConfig = z.object({
  name: BackendName,
  kind: z.literal('vault'),
  url: HttpUrl,
  kvMount: z.string().min(1).default('secret'),
  auth: z
    .object({
      method: z.enum(['token', 'userpass', 'oidc']),
      username: z.string().optional(),
      role: z.string().optional(),
      /** Mount path of the auth method when not the default (`userpass`, `oidc`). */
      mount: z.string().optional(),
      /** OIDC loopback callback port; must match the role's allowed_redirect_uris (Vault CLI default 8250). */
      callbackPort: z.number().int().min(0).max(65535).optional(),
    })
    .default({ method: 'token' }),
  namespace: z.string().optional(),
});

export const InfisicalBackendConfig = z.object({
  name: BackendName,
  kind: z.literal('infisical'),
  url: HttpUrl,
  auth: z.object({ method: z.enum(['universal', 'token']) }).default({ method: 'universal' }),
});

export const DopplerBackendConfig = z.object({
  name: BackendName,
  kind: z.literal('doppler'),
  url: HttpUrl.default('https://api.doppler.com'),
  auth: z.object({ method: z.enum(['token']) }).default({ method: 'token' }),
});

/**
 * AWS Secrets Manager. Environments are secrets named `<prefix><project>/<env>`. No address to type: the SDK
 * finds the region's endpoint; `endpoint` overrides it (moto, LocalStack, a proxy) for Secrets Manager and
 * STS alike. `url` is derived, so every kind shows one address. Credentials come from the standard AWS chain
 * (optionally one named `profile`), unless the user pasted a key pair (`auth.method: keys`, in the keychain).
 */
export const AwsBackendConfig = z
  .object({
    name: BackendName,
    kind: z.literal('aws'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as eu-west-1'),
    endpoint: HttpUrl.optional(),
    prefix: z.string().regex(/^[A-Za-z0-9/_+=.@-]{0,200}$/, 'use the characters AWS allows in secret names').default(''),
    // It ends up in a hint (`aws sso login --profile <name>`): no shell metacharacters.
    profile: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}$/, 'expected an AWS profile name').optional(),
    auth: z.object({ method: z.enum(['chain', 'keys']) }).default({ method: 'chain' }),
  })
  .transform((c) => ({ ...c, url: c.endpoint ?? `https://secretsmanager.${c.region}.amazonaws.com` }));

/** Backend configs hold no secrets: tokens live in the keychain under `backend:<name>`. */
export const BackendConfig = z.discriminatedUnion('kind', [VaultBackendConfig, InfisicalBackendConfig, DopplerBackendConfig, AwsBackendConfig]);
export type BackendConfig = z.infer<typeof BackendConfig>;
export type VaultBackendConfig = z.infer<typeof VaultBackendConfig>;
export type AwsBackendConfig = z.infer<typeof AwsBackendConfig>;

export const AccessLevel = z.enum(['granted', 'requestable', 'denied']);
export type AccessLevel = z.infer<typeof AccessLevel>;

/** `acme-vault:payments/staging` */
export const EnvRef = z.string().regex(/^[a-z0-9][a-z0-9-]*:[^/\s]+\/[^/\s]+$/, 'expected <backend>:<project>/<env>');
export type EnvRef = z.infer<typeof EnvRef>;

export function parseEnvRef(ref: string): { backend: string; project: string; env: string } {
  const parsed = EnvRef.parse(ref);
  const colon = parsed.indexOf(':');
  const [project, env] = parsed.slice(colon + 1).split('/') as [string, string];
  return { backend: parsed.slice(0, colon), project, env };
}

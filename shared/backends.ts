import { z } from 'zod';
import { ENV_REF_PATTERN } from './env-ref';

/** A backend's short name: used in environment refs (`<backend>:<project>/<env>`) and keychain accounts. */
export const BackendName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes');

export const BackendKind = z.enum(['vault', 'infisical', 'doppler']);
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
  /** `user`: a person signs in through the browser; `password`: a person's email + password (both as `infisical login`). */
  auth: z.object({ method: z.enum(['universal', 'token', 'user', 'password']) }).default({ method: 'universal' }),
});

export const DopplerBackendConfig = z.object({
  name: BackendName,
  kind: z.literal('doppler'),
  url: HttpUrl.default('https://api.doppler.com'),
  auth: z.object({ method: z.enum(['token']) }).default({ method: 'token' }),
});

/** Backend configs hold no secrets: tokens live in the keychain under `backend:<name>`. */
export const BackendConfig = z.discriminatedUnion('kind', [VaultBackendConfig, InfisicalBackendConfig, DopplerBackendConfig]);
export type BackendConfig = z.infer<typeof BackendConfig>;
export type VaultBackendConfig = z.infer<typeof VaultBackendConfig>;

export const AccessLevel = z.enum(['granted', 'requestable', 'denied']);
export type AccessLevel = z.infer<typeof AccessLevel>;

/** `acme-vault:payments/staging` */
export const EnvRef = z.string().regex(ENV_REF_PATTERN, 'expected <backend>:<project>/<env>');
export type EnvRef = z.infer<typeof EnvRef>;

export function parseEnvRef(ref: string): { backend: string; project: string; env: string } {
  const parsed = EnvRef.parse(ref);
  const colon = parsed.indexOf(':');
  const [project, env] = parsed.slice(colon + 1).split('/') as [string, string];
  return { backend: parsed.slice(0, colon), project, env };
}

import { z } from 'zod';
import { hasDotSegment, REF_SHAPE } from './env-ref';
import { parseUrl } from './url';

export { hasDotSegment };

/** A backend's short name: used in environment refs (`<backend>:<project>/<env>`) and keychain accounts. */
export const BackendName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes');

export const BackendKind = z.enum(['vault', 'infisical', 'doppler', 'aws']);
export type BackendKind = z.infer<typeof BackendKind>;

/** A path inside a backend (KV mount, auth mount, secret path): no `.`/`..` segments. */
export const SafePath = z.string().min(1).refine((p) => !hasDotSegment(p), 'must not contain "." or ".." segments');

/** Hosts where plain http:// never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True when requests to `url` would cross a network unencrypted. */
export function isInsecureHttp(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
}

/** The zod issue `params.rule` of the plain-HTTP refusal, so callers can offer the opt-in without reading text. */
export const INSECURE_HTTP_RULE = 'insecure-http';

/** No `user:pass@`: backends.json and the audit log would keep the password in plain text. */
const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .refine((url) => {
    // Refinements run even when the URL check above failed: that one already said what is wrong.
    const parsed = parseUrl(url);
    return parsed === null || (parsed.username === '' && parsed.password === '');
  }, 'must not contain a user name or password (credentials go to the keychain when you sign in)');

/** Every kind: plain http:// to another machine only with an explicit `allowInsecureHttp: true`. */
const transport = { allowInsecureHttp: z.boolean().optional() };
function refuseInsecureHttp(config: { url: string; allowInsecureHttp?: boolean | undefined }, ctx: z.RefinementCtx, field = 'url'): void {
  if (typeof config.url === 'string' && config.allowInsecureHttp !== true && isInsecureHttp(config.url)) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `plain http:// to ${parseUrl(config.url)?.host ?? config.url} would send tokens and secrets unencrypted; use https://`,
      params: { rule: INSECURE_HTTP_RULE },
    });
  }
}

export const VaultBackendConfig = z
  .strictObject({
    name: BackendName,
    kind: z.literal('vault'),
    url: HttpUrl,
    kvMount: SafePath.default('secret'),
    auth: z
      .strictObject({
        method: z.enum(['token', 'userpass', 'oidc']),
        username: z.string().optional(),
        role: z.string().optional(),
        /** Mount path of the auth method when not the default (`userpass`, `oidc`). */
        mount: SafePath.optional(),
        /** OIDC loopback callback port; must match the role's allowed_redirect_uris (Vault CLI default 8250). */
        callbackPort: z.number().int().min(0).max(65535).optional(),
      })
      .default({ method: 'token' }),
    namespace: z.string().optional(),
    ...transport,
  })
  .superRefine(refuseInsecureHttp);

export const InfisicalBackendConfig = z
  .strictObject({
    name: BackendName,
    kind: z.literal('infisical'),
    url: HttpUrl,
    /** `user`: a person signs in through the browser; `password`: a person's email + password (both as `infisical login`). */
    auth: z.strictObject({ method: z.enum(['universal', 'token', 'user', 'password']) }).default({ method: 'universal' }),
    ...transport,
  })
  .superRefine(refuseInsecureHttp);

export const DopplerBackendConfig = z
  .strictObject({
    name: BackendName,
    kind: z.literal('doppler'),
    url: HttpUrl.default('https://api.doppler.com'),
    auth: z.strictObject({ method: z.enum(['token']) }).default({ method: 'token' }),
    ...transport,
  })
  .superRefine(refuseInsecureHttp);

/**
 * AWS Secrets Manager. Environments are secrets named `<prefix><project>/<env>`. No address to type: the SDK
 * finds the region's endpoint; `endpoint` overrides it (moto, LocalStack, a VPC endpoint, a proxy) for Secrets
 * Manager and STS alike, under the same plain-HTTP rule as every kind. `url` is derived, so every kind shows
 * one address; a stored config carries it, and one whose `url` is not the derived address is refused (an
 * edit there would move nothing and mislead whoever reads the file). Credentials come from the standard AWS
 * chain (optionally one named `profile`), unless the user pasted a key pair (`auth.method: keys`, in the keychain).
 */
const awsUrl = (c: { region: string; endpoint?: string | undefined }) => c.endpoint ?? `https://secretsmanager.${c.region}.amazonaws.com`;

export const AwsBackendConfig = z
  .strictObject({
    name: BackendName,
    kind: z.literal('aws'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'expected an AWS region such as eu-west-1'),
    endpoint: HttpUrl.optional(),
    url: z.string().optional(),
    prefix: z.string().regex(/^[A-Za-z0-9/_+=.@-]{0,200}$/, 'use the characters AWS allows in secret names').default(''),
    // It ends up in a next step (`aws sso login --profile <name>`): no shell metacharacters.
    profile: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}$/, 'expected an AWS profile name').optional(),
    auth: z.strictObject({ method: z.enum(['chain', 'keys']) }).default({ method: 'chain' }),
    ...transport,
  })
  .superRefine((c, ctx) => {
    if (c.endpoint !== undefined) refuseInsecureHttp({ url: c.endpoint, allowInsecureHttp: c.allowInsecureHttp }, ctx, 'endpoint');
    if (c.url !== undefined && c.url !== awsUrl(c)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `is derived from region and endpoint (${awsUrl(c)}); set endpoint to change the address` });
    }
  })
  .transform((c) => ({ ...c, url: awsUrl(c) }));

/** Backend configs hold no secrets: tokens live in the keychain under `backend:<name>`. */
export const BackendConfig = z.discriminatedUnion('kind', [VaultBackendConfig, InfisicalBackendConfig, DopplerBackendConfig, AwsBackendConfig]);
export type BackendConfig = z.infer<typeof BackendConfig>;
export type VaultBackendConfig = z.infer<typeof VaultBackendConfig>;
export type AwsBackendConfig = z.infer<typeof AwsBackendConfig>;

/**
 * What this user may do with an environment. `unknown`: the backend could not be asked (down, sealed,
 * signed out, not configured on this machine) — never shown as `denied`, which would not be true.
 */
export const AccessLevel = z.enum(['granted', 'requestable', 'denied', 'unknown']);
export type AccessLevel = z.infer<typeof AccessLevel>;

/** `acme-vault:payments/staging`; neither project nor env may be `.` or `..` (they become URL path segments). */
export const EnvRef = z
  .string()
  .regex(REF_SHAPE, 'expected <backend>:<project>/<env>')
  .refine((ref) => !hasDotSegment(ref.slice(ref.indexOf(':') + 1)), 'project and env must not be "." or ".."');
export type EnvRef = z.infer<typeof EnvRef>;

/** Splits a ref; throws on one that EnvRef would refuse. One regex, no schema: the catalog calls it per environment. */
export function parseEnvRef(ref: string): { backend: string; project: string; env: string } {
  const match = REF_SHAPE.exec(ref);
  if (!match || hasDotSegment(match[2]!) || hasDotSegment(match[3]!)) throw new Error(`Not an environment reference: ${JSON.stringify(ref)}`);
  return { backend: match[1]!, project: match[2]!, env: match[3]! };
}

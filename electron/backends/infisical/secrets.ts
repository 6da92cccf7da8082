import type { EnvLocator, SecretMeta } from '../types';

/** The fields of a v3 raw secret we use (B.5). Extra fields are tolerated; values never leave main memory. */
export interface RawSecret {
  secretKey: string;
  secretValue: string;
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface RawList {
  secrets: RawSecret[];
  /** Absent or `[]` when imports were not asked for (UNVERIFIED which, so both are accepted). */
  imports?: Array<{ secretPath: string; environment: string; secrets: RawSecret[] }>;
}

export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  environments: Array<{ id: string; name: string; slug: string }>;
}

/** Query for GET /api/v3/secrets/raw. Booleans must be the literal strings "true"/"false" (else 422). */
export function listQuery(projectId: string, env: EnvLocator, opts: { values: boolean }) {
  return {
    workspaceId: projectId,
    environment: env.env,
    secretPath: env.path || '/',
    recursive: 'false',
    include_imports: 'true',
    expandSecretReferences: opts.values ? 'true' : 'false',
    viewSecretValue: opts.values ? 'true' : 'false',
  };
}

/**
 * Own secrets win over imported ones with the same key (Infisical's own precedence, as in the SDK's
 * `listSecretsWithImports`); among imports, the first listed wins.
 */
export function merged(list: RawList): RawSecret[] {
  const out = new Map<string, RawSecret>();
  for (const s of list.secrets) out.set(s.secretKey, s);
  for (const imp of list.imports ?? []) for (const s of imp.secrets) if (!out.has(s.secretKey)) out.set(s.secretKey, s);
  return [...out.values()];
}

export const metaOf = (s: RawSecret): SecretMeta => ({
  key: s.secretKey,
  version: typeof s.version === 'number' ? s.version : null,
  createdAt: s.createdAt ?? null,
  updatedAt: s.updatedAt ?? null,
});

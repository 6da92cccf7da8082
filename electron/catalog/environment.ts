import { EnvRef, parseEnvRef } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { ProfileEnvironment, TeamProfile } from '../../shared/profile';
import type { EnvLocator, SecretsBackend } from '../backends/types';

/**
 * Where an environment lives: the profile's `path` when it gives one, else the adapter's default for its
 * kind (Vault: `<project>/<env>` under the KV mount; Infisical: the root folder `/`). Without an adapter
 * (the backend is not configured) the ref's own `<project>/<env>` is shown.
 */
export function locatorFor(ref: string, profileEnv?: ProfileEnvironment, adapter?: Pick<SecretsBackend, 'defaultPath'>): EnvLocator {
  const { project, env } = parseEnvRef(ref);
  return {
    ref,
    project,
    env,
    path: profileEnv?.path ?? adapter?.defaultPath(project, env) ?? `${project}/${env}`,
    ...(profileEnv && profileEnv.dynamic.length > 0 ? { dynamic: profileEnv.dynamic } : {}),
    ...(profileEnv?.valueKey ? { valueKey: profileEnv.valueKey } : {}),
  };
}

export function profileEnvironment(profile: TeamProfile | null, ref: string): ProfileEnvironment | undefined {
  return profile?.environments.find((e) => e.ref === ref);
}

/** The profile says how to ask for it: a policy to grant, or people who approve. */
export function isRequestable(env: ProfileEnvironment | undefined): boolean {
  return env !== undefined && (env.grantPolicy !== undefined || env.approvers.length > 0);
}

export const STALE_AFTER_DAYS = 365;

/** Whole days since the secret last changed (updated, else created); null when the backend does not say. */
export function ageDays(meta: { createdAt: string | null; updatedAt: string | null }, now: Date): number | null {
  const stamp = Date.parse(meta.updatedAt ?? meta.createdAt ?? '');
  if (Number.isNaN(stamp)) return null;
  return Math.max(0, Math.floor((now.getTime() - stamp) / 86_400_000));
}

/** Checks a ref typed by a person: a usage error that shows the expected shape, not an internal one. */
export function checkRef(ref: string): { backend: string; project: string; env: string } {
  if (!EnvRef.safeParse(ref).success) {
    throw new AppError('BAD_REQUEST', `"${ref}" is not an environment reference: expected <backend>:<project>/<env>, neither part "." or "..".`,
      'For example acme-vault:payments/staging.', { next: { action: 'list-envs' } });
  }
  return parseEnvRef(ref);
}

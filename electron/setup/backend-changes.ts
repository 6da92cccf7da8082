import { isInsecureHttp, type BackendConfig } from '../../shared/backends';
import type { IdentityChange } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { describeChange, identityChanges } from '../backends/identity';

/** What writing `config` over the stored backend of the same name would do. */
export interface BackendPlan {
  config: BackendConfig;
  result: 'added' | 'updated' | 'unchanged';
  /** Changes to where or how it signs in: non-empty needs the user's confirmation and ends the stored sign-in. */
  changes: IdentityChange[];
}

export function planBackend(existing: BackendConfig | undefined, config: BackendConfig): BackendPlan {
  if (!existing) return { config, result: 'added', changes: [] };
  if (JSON.stringify(existing) === JSON.stringify(config)) return { config, result: 'unchanged', changes: [] };
  return { config, result: 'updated', changes: identityChanges(existing, config) };
}

export const insecureHttp = (config: BackendConfig) => config.allowInsecureHttp === true && isInsecureHttp(config.url);

/**
 * The refusal when `who` (the team profile, a replacement) would change where a backend signs in and the
 * user has not confirmed it. It names every difference, old → new, so the person can judge it; the stored
 * sign-in of a backend is only ever sent to the server it was made for.
 */
export function unacceptedChanges(who: string, plans: BackendPlan[]): AppError {
  const moved = plans.filter((p) => p.changes.length > 0);
  const changes = (p: BackendPlan) => p.changes.map(describeChange).join(', ');
  const what =
    moved.length === 1
      ? `${moved[0]!.config.name} signs in: ${changes(moved[0]!)}`
      : `backends ${moved.map((p) => p.config.name).join(', ')} sign in: ${moved.map((p) => `${p.config.name}: ${changes(p)}`).join('; ')}`;
  return new AppError(
    'CONFLICT',
    `${who} changes where ${what}. Nothing was changed.`,
    'Accept only a change you expected (say, your team moved the server). Accepting deletes the saved sign-in, and you sign in again.',
    { next: { action: 'accept-changes', backend: moved[0]!.config.name } },
  );
}

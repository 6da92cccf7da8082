import type { AccessSettings, ProfileEnvironment } from '../../../shared/profile';
import type { InfisicalApprovals } from '../../backends/infisical/access-approvals';
import type { InfisicalPolicy } from '../../backends/infisical/access-schemas';
import type { EnvLocator } from '../../backends/types';
import type { SetupChange } from '../backend';
import { DEFAULT_GRANT_MAX } from '../rules';
import { normalPath } from './records';

/** Policies Latchkey made carry this prefix: those it keeps in line with the profile; others it leaves alone. */
const PREFIX = 'latchkey-';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));

/**
 * The Infisical side of access requests: one access-approval policy per environment of the profile that
 * names approvers, with the profile's approvers (by Infisical user name: the email), its maxTtl as the policy's
 * longest grant, the team's requestExpiry and self-approval setting. Needs project admin. Idempotent: a
 * policy Latchkey made is updated when the profile changed; one somebody else made is left alone and reported.
 */
export async function setupInfisical(
  approvals: InfisicalApprovals,
  backend: string,
  envs: Array<{ env: ProfileEnvironment; where: EnvLocator }>,
  options: { dryRun: boolean; access: AccessSettings },
): Promise<SetupChange[]> {
  const changes: SetupChange[] = [];
  const byProject = new Map<string, InfisicalPolicy[]>();
  for (const { env, where } of envs) {
    if (!byProject.has(where.project)) byProject.set(where.project, await approvals.listPolicies(where.project));
    const path = normalPath(where.path);
    const want = {
      approvers: env.approvers,
      approvals: 1,
      allowedSelfApprovals: options.access.allowSelfApproval,
      maxTimePeriod: env.maxTtl ?? DEFAULT_GRANT_MAX,
      requestExpirationTime: options.access.requestExpiry,
    };
    const scope = `${where.project}/${where.env}${path === '/' ? '' : ` ${path}`}`;
    const what = `access-approval policy for ${scope}`;
    const detail = `approvers ${want.approvers.join(', ')}; longest grant ${want.maxTimePeriod}; pending requests lapse after ${want.requestExpirationTime}; self-approval ${want.allowedSelfApprovals ? 'allowed' : 'off'}`;
    const existing = byProject.get(where.project)!.find((p) => p.envSlugs.includes(where.env) && normalPath(p.secretPath) === path);
    if (!existing) {
      changes.push({ what, action: 'create', detail });
      if (!options.dryRun) await approvals.createPolicy({ project: where.project, env: where.env, secretPath: path, name: `${PREFIX}${where.env}${path === '/' ? '' : path.replace(/\//g, '-')}`, ...want });
      continue;
    }
    const differs = [
      sameSet(existing.approverNames, want.approvers) ? null : `approvers ${existing.approverNames.join(', ') || '(by id only)'}`,
      existing.maxTimePeriod === want.maxTimePeriod ? null : `longest grant ${existing.maxTimePeriod ?? 'unlimited'}`,
      existing.requestExpirationTime === want.requestExpirationTime ? null : `lapse ${existing.requestExpirationTime ?? 'never'}`,
      existing.allowedSelfApprovals === want.allowedSelfApprovals ? null : `self-approval ${existing.allowedSelfApprovals ? 'allowed' : 'off'}`,
    ].filter((d): d is string => d !== null);
    if (differs.length === 0) {
      changes.push({ what, action: 'unchanged', detail: `policy ${existing.name}: ${detail}` });
    } else if (existing.name.startsWith(PREFIX)) {
      changes.push({ what, action: 'update', detail: `policy ${existing.name} had ${differs.join('; ')}; now ${detail}` });
      if (!options.dryRun) await approvals.updatePolicy(existing.id, want);
    } else {
      // Someone else's policy: Infisical applies it whatever the profile says, and Latchkey checks both.
      changes.push({ what, action: 'unchanged', detail: `policy ${existing.name} (not made by Latchkey, left alone) differs from the profile: ${differs.join('; ')}` });
    }
  }
  if (envs.length === 0) changes.push({ what: `${backend}: no environment of the profile names approvers`, action: 'unchanged', detail: 'nothing to set up' });
  return changes;
}

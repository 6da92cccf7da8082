import { parseEnvRef } from '../../shared/backends';
import type { AccessListing } from '../../shared/access';
import type { CatalogEnvironment } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { BackendStatus, ChecklistEnvironment, DayOneChecklist } from '../../shared/onboarding';
import type { TeamProfile } from '../../shared/profile';
import type { CatalogService } from '../catalog/catalog-service';
import type { ProfileStore } from '../config/profile-store';
import { toAppError } from '../errors';
import type { BackendStatusService } from '../setup/backend-status';
import { mapLimit } from '../util/map-limit';
import type { RoleStore } from './role-store';

export interface OnboardingDeps {
  profiles: ProfileStore;
  roles: RoleStore;
  status: BackendStatusService;
  catalog: CatalogService;
  /** My requests (listing them also collects grants that were just approved). */
  myRequests: () => Promise<AccessListing>;
  now?: () => Date;
}

/** Reads in flight at once when the checklist proves each granted environment. */
const READS_IN_FLIGHT = 4;
/** Request states that are still on their way to a grant. */
const OPEN_REQUEST = new Set(['not-sent', 'pending', 'approved']);

/**
 * Day one as a service: the role a person chose, and the checklist of that role — each backend signed in,
 * each environment read for real. The app's checklist screen (IPC) and `latchkey onboard` both call
 * `checklist()`, so the terminal and the window never disagree.
 */
export class OnboardingService {
  constructor(private readonly deps: OnboardingDeps) {}

  /** The chosen role, if the current profile still has it. */
  async chosenRole(profile?: TeamProfile | null): Promise<string | null> {
    const role = await this.deps.roles.load();
    const current = profile === undefined ? await this.deps.profiles.load() : profile;
    return role !== null && current?.roles.some((r) => r.name === role) ? role : null;
  }

  async chooseRole(role: string): Promise<{ role: string }> {
    roleOf(await this.profile(), role);
    await this.deps.roles.save(role);
    return { role };
  }

  async checklist(requested?: string): Promise<DayOneChecklist> {
    const profile = await this.profile();
    const role = requested ?? (await this.chosenRole(profile));
    if (role === null) {
      throw new AppError('BAD_REQUEST', 'No role is chosen yet: the checklist lists the environments of one role.', rolesHint(profile), {
        next: { action: 'choose-role' },
      });
    }
    const refs = roleOf(profile, role).environments;
    // Listing my requests first collects any grant approved since the last look, so the catalog sees it.
    const mine = await this.deps.myRequests().catch(() => ({ requests: [], problems: [] }) as AccessListing);
    const { environments } = await this.deps.catalog.scan({ role });
    const byRef = new Map(environments.map((e) => [e.ref, e]));
    const names = [...new Set(refs.map((ref) => parseEnvRef(ref).backend))];
    const statuses = await this.deps.status.list({ only: new Set(names) });
    const backends = names.map((name) => statuses.find((s) => s.name === name)!).filter(Boolean);
    const items = await mapLimit(refs, READS_IN_FLIGHT, (ref) => this.item(ref, byRef.get(ref), mine, backends));
    return {
      team: profile.team,
      role,
      backends,
      environments: items,
      done: backends.every((b) => b.state === 'signed-in') && items.every((e) => e.state === 'ready'),
      checkedAt: (this.deps.now?.() ?? new Date()).toISOString(),
    };
  }

  private async item(ref: string, env: CatalogEnvironment | undefined, mine: AccessListing, backends: BackendStatus[]): Promise<ChecklistEnvironment> {
    const backend = parseEnvRef(ref).backend;
    const ask = env?.requestable ?? null;
    const base = {
      ref,
      backend,
      access: env?.access ?? ('unknown' as const),
      request: null,
      defaultTtl: ask?.defaultTtl ?? null,
      maxTtl: ask?.maxTtl ?? null,
      approvers: ask?.approvers ?? [],
    };
    if (!env || env.access === 'unknown') {
      const status = backends.find((b) => b.name === backend);
      return { ...base, state: 'unknown', detail: env?.problem ?? status?.detail ?? null, next: status?.next ?? null };
    }
    if (env.access === 'granted') {
      // Ready means read: the access flag alone has been wrong before (a grant ended, a policy changed).
      try {
        await this.deps.catalog.describe(ref);
        return { ...base, state: 'ready', detail: null, next: null };
      } catch (error) {
        const failure = toAppError(error);
        return { ...base, state: 'unreadable', detail: failure.message, next: failure.next ?? null };
      }
    }
    const open = mine.requests.find((r) => r.ref === ref && OPEN_REQUEST.has(r.state));
    if (open) {
      return { ...base, state: 'requested', request: { id: open.id, state: open.state }, detail: `Asked; waiting for ${approversText(base.approvers)}.`, next: { action: 'list-requests' } };
    }
    if (env.access === 'requestable') {
      return { ...base, state: 'missing', detail: `Not granted yet: ask ${approversText(base.approvers)}.`, next: { action: 'request-access', ref } };
    }
    return { ...base, state: 'denied', detail: 'Not granted, and the team profile names nobody who grants it: ask your lead.', next: null };
  }

  private async profile(): Promise<TeamProfile> {
    const profile = await this.deps.profiles.load();
    if (!profile) {
      throw new AppError('NOT_FOUND', 'No team profile is imported yet.', 'Import the team profile your lead sent you.', { next: { action: 'profile-import' } });
    }
    return profile;
  }
}

function roleOf(profile: TeamProfile, role: string) {
  const found = profile.roles.find((r) => r.name === role);
  if (!found) throw new AppError('NOT_FOUND', `The team profile has no role "${role}".`, rolesHint(profile), { next: { action: 'choose-role' } });
  return found;
}

function rolesHint(profile: TeamProfile): string {
  const names = profile.roles.map((r) => r.name);
  return names.length > 0 ? `Roles in the ${profile.team} profile: ${names.join(', ')}.` : `The ${profile.team} profile defines no roles: ask your lead for one that does.`;
}

const approversText = (approvers: string[]) => (approvers.length > 0 ? approvers.join(' or ') : 'an approver');

import { createHash } from 'node:crypto';

/**
 * In-memory state of the Doppler simulator. Shapes follow /work/shared/BACKENDS_API.md PART C; everything
 * here is a fake team with obviously fake values.
 */
export type Visibility = 'masked' | 'unmasked' | 'restricted';

export interface SimSecret {
  raw: string;
  note: string;
  visibility: Visibility;
}

export interface SimConfig {
  name: string;
  environment: string;
  root: boolean;
  locked: boolean;
  createdAt: string;
  initialFetchAt: string | null;
  lastFetchAt: string | null;
  secrets: Map<string, SimSecret>;
}

export interface SimEnvironment {
  id: string;
  name: string;
  createdAt: string;
  initialFetchAt: string | null;
}

export interface SimProject {
  id: string;
  slug: string;
  name: string;
  description: string;
  createdAt: string;
  environments: SimEnvironment[];
  configs: SimConfig[];
}

/** Which environments of which projects a personal/service-account principal may read ('*' = all). */
export type ProjectAccess = Record<string, '*' | string[]>;

export type TokenKind = 'personal' | 'cli' | 'service_account' | 'service';

export interface SimToken {
  kind: TokenKind;
  /** The full token string; only ever compared, never logged. */
  key: string;
  slug: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string | null;
  revoked: boolean;
  /** Personal / service-account tokens: what the principal's roles allow ('all' = workplace admin). */
  access?: ProjectAccess | 'all';
  /** Service tokens: the one config they are bound to. */
  scope?: { project: string; config: string; access: 'read' | 'read/write' };
  /** Personal / CLI tokens: the workplace user behind them (routes-access.ts serves them). */
  user?: SimUser;
}

export interface SimUser {
  slug: string;
  email: string;
  name: string;
}

export interface SimWorkplace {
  id: string;
  slug: string;
  name: string;
  billingEmail: string;
  securityEmail: string;
}

export interface SimState {
  workplace: SimWorkplace;
  projects: SimProject[];
  tokens: SimToken[];
}

/** What a test passes in: plain data. Environments default to dev/stg/prd; root configs are created for each. */
export interface DopplerSeed {
  workplace?: { name: string };
  projects: Array<{
    slug: string;
    name?: string;
    description?: string;
    environments?: Array<{ id: string; name: string }>;
    /** Branch configs (`<env>_<suffix>`), beyond the root config of each environment. */
    branchConfigs?: string[];
    /** Secrets per config name: KEY → raw value (may hold `${REF}` references). */
    secrets?: Record<string, Record<string, string>>;
  }>;
  tokens?: Array<
    | { kind: 'personal' | 'cli' | 'service_account'; key: string; name: string; access: ProjectAccess | 'all'; user?: { email: string; name: string } }
    | { kind: 'service'; key: string; name: string; project: string; config: string; access?: 'read' | 'read/write'; expiresAt?: string | null }
  >;
}

/** A deterministic fake id: same seed → same ids, so logs and snapshots are stable. */
export const fakeId = (label: string, length = 10) => createHash('sha256').update(label).digest('hex').slice(0, length);

/** A well-formed but fake token: prefix + 40 alphanumerics derived from the label. */
export function fakeToken(prefix: string, label: string): string {
  const body = `${label.replace(/[^A-Za-z0-9]/g, '')}NotReal${createHash('sha256').update(label).digest('hex')}`;
  return `${prefix}${body.slice(0, 40)}`;
}

const defaultEnvironments = [
  { id: 'dev', name: 'Development' },
  { id: 'stg', name: 'Staging' },
  { id: 'prd', name: 'Production' },
];

const EPOCH = Date.parse('2024-01-02T03:04:05.000Z');
/** Timestamps are fixed offsets from one instant, so every run serves the same bodies. */
export const fakeTime = (offsetSeconds: number) => new Date(EPOCH + offsetSeconds * 1000).toISOString();

export function buildState(seed: DopplerSeed): SimState {
  let clock = 0;
  const projects: SimProject[] = seed.projects.map((p) => {
    const environments = (p.environments ?? defaultEnvironments).map((e) => ({ ...e, createdAt: fakeTime(clock++), initialFetchAt: null }));
    const configNames = [...environments.map((e) => e.id), ...(p.branchConfigs ?? [])];
    const configs: SimConfig[] = configNames.map((name) => {
      const environment = environments.find((e) => name === e.id || name.startsWith(`${e.id}_`));
      if (!environment) throw new Error(`seed: config ${p.slug}/${name} matches no environment`);
      const secrets = new Map<string, SimSecret>();
      for (const [key, raw] of Object.entries(p.secrets?.[name] ?? {})) secrets.set(key, { raw, note: '', visibility: 'masked' });
      return { name, environment: environment.id, root: name === environment.id, locked: false, createdAt: fakeTime(clock++), initialFetchAt: null, lastFetchAt: null, secrets };
    });
    return { id: fakeId(`project:${p.slug}`), slug: p.slug, name: p.name ?? p.slug, description: p.description ?? '', createdAt: fakeTime(clock++), environments, configs };
  });
  const tokens: SimToken[] = (seed.tokens ?? []).map((t) => {
    const base = { key: t.key, slug: fakeUuid(`token:${t.key}`), name: t.name, createdAt: fakeTime(clock++), lastSeenAt: null, revoked: false };
    return t.kind === 'service'
      ? { ...base, kind: 'service', expiresAt: t.expiresAt ?? null, scope: { project: t.project, config: t.config, access: t.access ?? 'read' } }
      : { ...base, kind: t.kind, expiresAt: null, access: t.access, ...(t.user ? { user: { slug: fakeUuid(`user:${t.user.email}`), ...t.user } } : {}) };
  });
  const name = seed.workplace?.name ?? 'Fake Workplace';
  return {
    workplace: { id: fakeId(`workplace:${name}`, 5), slug: fakeId(`workplace-slug:${name}`, 21), name, billingEmail: 'billing@example.invalid', securityEmail: 'security@example.invalid' },
    projects,
    tokens,
  };
}

export function fakeUuid(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function findProject(state: SimState, slugOrId: string): SimProject | undefined {
  return state.projects.find((p) => p.slug === slugOrId || p.id === slugOrId);
}

export function findConfig(project: SimProject, name: string): SimConfig | undefined {
  return project.configs.find((c) => c.name === name);
}

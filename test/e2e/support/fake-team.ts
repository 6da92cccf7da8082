import type { AccessLevel, BackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import { TeamProfile } from '../../../shared/profile';
import type { BackendFactory } from '../../../electron/catalog/backend-registry';
import type { EnvLocator, SecretsBackend } from '../../../electron/backends/types';
import { tokenAccount } from '../../../electron/backends/types';
import { bindCredentials } from '../../../electron/backends/credential-binding';
import type { Services } from '../../../electron/services';
import { fakeAdapterBasics, fakeLocator } from '../../fakes/fake-adapter';

/**
 * A made-up team for the browser tests: a signed-in Vault with granted, requestable and denied
 * environments, and a signed-out Doppler. The adapters are fakes (the real ones have real-server tests);
 * everything above them — stores, catalog, audit, exports, dispatch — is the real code.
 */
export const TEAM = {
  vault: 'acme-vault',
  doppler: 'acme-doppler',
  granted: 'acme-vault:payments/dev',
  requestable: 'acme-vault:payments/staging',
  denied: 'acme-vault:payments/prod',
  discovered: 'acme-vault:search/qa',
  signedOut: 'acme-doppler:web/dev',
  role: 'payments-engineer',
  /** Obviously fake values; the tests assert they never reach the page unless revealed. */
  values: {
    API_KEY: 'fake-api-key-not-real',
    DATABASE_PASSWORD: 'fake-db-password-not-real',
    STRIPE_KEY: 'fake-stripe-key-not-real',
  },
} as const;

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** Per key: when it last changed (DATABASE_PASSWORD is over a year old, so stale). */
const UPDATED: Record<keyof typeof TEAM.values, { version: number; updatedAt: string }> = {
  API_KEY: { version: 4, updatedAt: daysAgo(3) },
  DATABASE_PASSWORD: { version: 1, updatedAt: daysAgo(420) },
  STRIPE_KEY: { version: 2, updatedAt: daysAgo(40) },
};

const vaultConfig: BackendConfig = { name: TEAM.vault, kind: 'vault', url: 'http://127.0.0.1:1', kvMount: 'secret', auth: { method: 'token' } };
const dopplerConfig: BackendConfig = { name: TEAM.doppler, kind: 'doppler', url: 'http://127.0.0.1:2', auth: { method: 'token' } };

function fakeVault(config: BackendConfig): SecretsBackend {
  const locator = (project: string, env: string) => fakeLocator(config.name, project, env);
  const readable = (env: EnvLocator) => {
    if (env.ref !== TEAM.granted) throw new AppError('FORBIDDEN', `${config.name} refused to read ${env.path}: no policy grants it.`, 'Ask for access on the Requests screen.');
  };
  return {
    ...fakeAdapterBasics(config),
    discover: async () => [locator('payments', 'dev'), locator('payments', 'staging'), locator('search', 'qa')],
    access: async (envs) => new Map(envs.map((e): [string, AccessLevel] => [e.ref, e.ref === TEAM.granted ? 'granted' : 'denied'])),
    async describe(env) {
      readable(env);
      return Object.entries(UPDATED).map(([key, m]) => ({ key, version: m.version, createdAt: daysAgo(500), updatedAt: m.updatedAt }));
    },
    async read(env) {
      readable(env);
      return { values: { ...TEAM.values }, meta: [], leases: [] };
    },
  };
}

/** Signed out: every call that needs a token fails the way the real adapters do. */
function signedOutDoppler(config: BackendConfig): SecretsBackend {
  const fail = async (): Promise<never> => {
    throw new AppError('UNAUTHENTICATED', `You are not signed in to ${config.name} (Doppler).`, `Run \`latchkey login ${config.name}\`.`);
  };
  return {
    ...fakeAdapterBasics(config),
    login: fail,
    health: async () => ({ reachable: true, signedIn: false, detail: 'fake' }),
    discover: fail,
    access: fail,
    describe: fail,
    read: fail,
  };
}

export const fakeTeamFactory: BackendFactory = (config) => (config.kind === 'vault' ? fakeVault(config) : signedOutDoppler(config));

/** Writes backends.json, profile.json and a (fake) token for the Vault, through the services' own stores. */
export async function seedTeam(services: Services): Promise<void> {
  await services.backends.upsert(vaultConfig);
  await services.backends.upsert(dopplerConfig);
  // Through the binding the real adapters use, so the token counts as this backend's sign-in.
  await bindCredentials(services.secrets, vaultConfig).set(tokenAccount(TEAM.vault), 'fake-token-not-real');
  await services.profiles.save(
    TeamProfile.parse({
      version: 1,
      team: 'acme',
      environments: [
        { ref: TEAM.granted, maxTtl: '1d' },
        { ref: TEAM.requestable, grantPolicy: 'payments-staging-read', approvers: ['lead@acme.test'], maxTtl: '8h' },
        { ref: TEAM.denied },
        { ref: TEAM.signedOut, approvers: ['web-lead@acme.test'] },
      ],
      roles: [{ name: TEAM.role, environments: [TEAM.granted, TEAM.requestable] }],
    }),
  );
}

import type { AccessLevel, BackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import { TeamProfile } from '../../../shared/profile';
import type { BackendFactory } from '../../../electron/catalog/backend-registry';
import { tokenAccount, type SecretsBackend } from '../../../electron/backends/types';
import type { Services } from '../../../electron/services';
import { fakeAdapterBasics, fakeLocator } from '../../fakes/fake-adapter';

/**
 * A big made-up company for the list's size tests and the `ui` bench: `count` environments spread over a
 * Vault, an Infisical and a signed-out Doppler (whose rows are Unknown). Refs look like
 * `big-vault:svc0042/env-07`; every 7th one is granted. The adapters are fakes, the catalog and dispatch real.
 */
export const BIG = { vault: 'big-vault', infisical: 'big-infisical', doppler: 'big-doppler' } as const;

const ENVS_PER_PROJECT = 10;
const SHARES: Array<[string, number]> = [[BIG.vault, 0.6], [BIG.infisical, 0.3], [BIG.doppler, 0.1]];

/** Which backend holds environment number `i` and its project/env names. */
export function bigEnvironment(i: number, count: number): { backend: string; project: string; env: string } {
  let start = 0;
  for (const [backend, share] of SHARES) {
    const size = Math.round(count * share);
    if (i < start + size || backend === BIG.doppler) {
      const local = i - start;
      return { backend, project: `svc${String(Math.floor(local / ENVS_PER_PROJECT)).padStart(4, '0')}`, env: `env-${String(local % ENVS_PER_PROJECT).padStart(2, '0')}` };
    }
    start += size;
  }
  throw new Error('unreachable');
}

function bigFactory(count: number): BackendFactory {
  const byBackend = new Map<string, Array<{ project: string; env: string; index: number }>>();
  for (let i = 0; i < count; i++) {
    const e = bigEnvironment(i, count);
    const list = byBackend.get(e.backend) ?? [];
    byBackend.set(e.backend, list);
    list.push({ project: e.project, env: e.env, index: i });
  }
  return (config: BackendConfig): SecretsBackend => {
    const mine = byBackend.get(config.name) ?? [];
    const granted = new Set(mine.filter((e) => e.index % 7 === 0).map((e) => `${config.name}:${e.project}/${e.env}`));
    const signedOut = async (): Promise<never> => {
      throw new AppError('UNAUTHENTICATED', `You are not signed in to ${config.name} (Doppler).`);
    };
    if (config.name === BIG.doppler) {
      return { ...fakeAdapterBasics(config), discover: signedOut, access: signedOut, describe: signedOut, read: signedOut };
    }
    return {
      ...fakeAdapterBasics(config),
      discover: async () => mine.map((e) => fakeLocator(config.name, e.project, e.env)),
      access: async (envs) => new Map(envs.map((e): [string, AccessLevel] => [e.ref, granted.has(e.ref) ? 'granted' : 'denied'])),
      describe: async () => [{ key: 'API_KEY', version: 1, createdAt: null, updatedAt: null }],
      read: async () => ({ values: { API_KEY: 'fake-big-value-not-real' }, meta: [], leases: [] }),
    };
  };
}

/** Configures the three backends and a profile naming the Doppler environments (the rest are discovered). */
export async function seedBigTeam(services: Services, count: number): Promise<void> {
  const configs: BackendConfig[] = [
    { name: BIG.vault, kind: 'vault', url: 'http://127.0.0.1:1', kvMount: 'secret', auth: { method: 'token' } },
    { name: BIG.infisical, kind: 'infisical', url: 'http://127.0.0.1:2', auth: { method: 'universal' } },
    { name: BIG.doppler, kind: 'doppler', url: 'http://127.0.0.1:3', auth: { method: 'token' } },
  ];
  for (const config of configs) await services.backends.upsert(config);
  await services.secrets.set(tokenAccount(BIG.vault), 'fake-token-not-real');
  await services.secrets.set(tokenAccount(BIG.infisical), 'fake-token-not-real');
  const doppler: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = bigEnvironment(i, count);
    if (e.backend === BIG.doppler) doppler.push(`${e.backend}:${e.project}/${e.env}`);
  }
  await services.profiles.save(TeamProfile.parse({ version: 1, team: 'big', environments: doppler.map((ref) => ({ ref, approvers: ['lead@big.test'] })) }));
}

/** The factory for `count` environments; hand it to the fixtures' `backendFactory` option or createServices. */
export const bigTeamFactory = (count: number): BackendFactory => bigFactory(count);

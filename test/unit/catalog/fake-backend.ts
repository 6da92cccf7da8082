import type { AccessLevel, BackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { EnvLocator, SecretMeta, SecretsBackend } from '../../../electron/backends/types';
import { fakeAdapterBasics, fakeLocator } from '../../fakes/fake-adapter';

/** A SecretsBackend that answers from tables and records every call the catalog makes. */
export function fakeBackend(config: BackendConfig, tables: {
  discovered?: Array<{ project: string; env: string }>;
  granted?: string[];
  /** Refs the backend could not answer for (its access() says `unknown`). */
  unknown?: string[];
  secrets?: Record<string, { values: Record<string, string>; updatedAt: string }>;
  /** The backend is unusable (signed out, down): discovery and access both fail. */
  failWith?: AppError;
  /** Only discovery fails (a proxy in the way, a LIST refused): access still answers. */
  discoverFailsWith?: AppError;
}) {
  const calls = { discover: 0, access: [] as string[][], read: [] as EnvLocator[] };
  const backend: SecretsBackend = {
    ...fakeAdapterBasics(config),
    async discover() {
      calls.discover++;
      if (tables.failWith ?? tables.discoverFailsWith) throw tables.failWith ?? tables.discoverFailsWith;
      return (tables.discovered ?? []).map(({ project, env }) => fakeLocator(config.name, project, env));
    },
    async access(envs) {
      calls.access.push(envs.map((e) => e.ref));
      if (tables.failWith) throw tables.failWith;
      const level = (ref: string): AccessLevel => (tables.granted?.includes(ref) ? 'granted' : tables.unknown?.includes(ref) ? 'unknown' : 'denied');
      return new Map(envs.map((e): [string, AccessLevel] => [e.ref, level(e.ref)]));
    },
    async describe(env): Promise<SecretMeta[]> {
      const secret = tables.secrets?.[env.path];
      if (!secret) throw new AppError('NOT_FOUND', `${config.name} has no secret at ${env.path}.`);
      return Object.keys(secret.values).map((key) => ({ key, version: 3, createdAt: secret.updatedAt, updatedAt: secret.updatedAt }));
    },
    async read(env) {
      calls.read.push(env);
      const secret = tables.secrets?.[env.path];
      if (!secret) throw new AppError('FORBIDDEN', `${config.name} refused to read ${env.path}.`);
      return { values: secret.values, meta: [], leases: [] };
    },
  };
  return { backend, calls };
}

export const vaultConfig = (name: string): BackendConfig => ({
  name,
  kind: 'vault',
  url: 'http://127.0.0.1:1',
  kvMount: 'secret',
  auth: { method: 'token' },
});

import { tokenAccount } from '../../electron/backends/types';
import type { DesktopHooks } from '../../electron/desktop/desktop-hooks';
import { createServices, type Services } from '../../electron/services';
import { TeamProfile } from '../../shared/profile';
import { fakeBackend, vaultConfig } from '../unit/catalog/fake-backend';
import { MemoryStore } from './memory-store';

export const FAKE_REF = 'acme:payments/dev';
export const FAKE_VALUES = { API_KEY: 'fake-api-key-not-real', STRIPE_KEY: 'fake-stripe-key-not-real' };

/**
 * The real service graph (stores, catalog, audit, exports, dispatch) over a temp dir, with one fake Vault
 * backend that grants `acme:payments/dev`. For tests of IPC channels through `services.dispatch`.
 */
export async function fakeTeamServices(dataDir: string, options: { desktop?: DesktopHooks; maxTtl?: string; defaultTtl?: string } = {}): Promise<Services> {
  const fake = fakeBackend(vaultConfig('acme'), {
    granted: [FAKE_REF],
    secrets: { 'payments/dev': { values: FAKE_VALUES, updatedAt: '2026-01-01T00:00:00Z' } },
  });
  const services = await createServices({ dataDir, secretStore: new MemoryStore(), backendFactory: () => fake.backend, desktop: options.desktop });
  await services.backends.upsert(vaultConfig('acme'));
  await services.secrets.set(tokenAccount('acme'), 'fake-token-not-real');
  await services.profiles.save(
    TeamProfile.parse({
      version: 1,
      team: 'acme',
      environments: [{ ref: FAKE_REF, ...(options.maxTtl ? { maxTtl: options.maxTtl } : {}), ...(options.defaultTtl ? { defaultTtl: options.defaultTtl } : {}) }],
    }),
  );
  return services;
}

import type { TestProject } from 'vitest/node';
import { startMoto, type MotoContext } from './moto-server';

declare module 'vitest' {
  export interface ProvidedContext {
    moto: MotoContext;
  }
}

/**
 * vitest globalSetup of the integration project: one real moto server per run with IAM enforcement on,
 * shared by every integration file (each test uses its own secret prefix and IAM users).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startMoto({ enforceIam: true });
  project.provide('moto', { endpoint: server.endpoint, region: server.region, admin: server.admin!, otherAccount: server.otherAccount! });
  return () => server.stop();
}

import type { TestProject } from 'vitest/node';
import { startMoto } from './moto-server';

/** What integration tests get from `inject('moto')`: a moto server with IAM enforced, and its admin. */
export interface MotoContext {
  endpoint: string;
  region: string;
  admin: { accessKeyId: string; secretAccessKey: string };
}

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
  project.provide('moto', { endpoint: server.endpoint, region: server.region, admin: server.admin! });
  return () => server.stop();
}

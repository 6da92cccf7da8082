import type { TestProject } from 'vitest/node';
import { startOpenBao } from './openbao-server';

/** What integration tests get from `inject('openbao')`. */
export interface OpenBaoContext {
  address: string;
  token: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    openbao: OpenBaoContext;
  }
}

/**
 * vitest globalSetup of the integration project: one real OpenBao dev server per run, shared by all
 * integration files (each test uses its own paths). Unit-only runs never start it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startOpenBao();
  project.provide('openbao', { address: server.address, token: server.token });
  return () => server.stop();
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { cli } from '../../support/cli';
import { acmeWorld } from '../catalog/openbao-fixture';

/**
 * A Latchkey home signed in to the real test OpenBao with the acme world (`acme:payments/dev` readable:
 * API_KEY, PORT). `maxTtl` and `defaultTtl` go on payments/dev in the profile. Returns the home dir and a work dir for
 * outputs (outside any git repository).
 */
export async function signedInHome(
  openbao: { address: string; token: string },
  tempDir: () => Promise<string>,
  options: { maxTtl?: string; defaultTtl?: string } = {},
) {
  const world = await acmeWorld(openbao);
  const profile = structuredClone(world.profile);
  if (options.maxTtl) Object.assign(profile.environments[0]!, { maxTtl: options.maxTtl });
  if (options.defaultTtl) Object.assign(profile.environments[0]!, { defaultTtl: options.defaultTtl });
  const home = await tempDir();
  const file = path.join(home, 'team.json');
  await fs.writeFile(file, JSON.stringify(profile));
  expect((await cli(['profile', 'import', file], { home })).code).toBe(0);
  const login = await cli(['login', 'acme', '--token-stdin'], { home, stdin: world.token });
  expect(login.code, login.stderr).toBe(0);
  return { home, work: await tempDir(), world };
}

export const DEV = 'acme:payments/dev';
export const DEV_VALUES = { API_KEY: 'fake-api-key-not-real', PORT: '8080' };

export async function auditActions(home: string): Promise<Array<{ action: string; target: string; outcome: string; details: Record<string, unknown> }>> {
  return JSON.parse((await cli(['audit', '--json'], { home })).stdout);
}

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDopplerSimulator, type DopplerSimulator } from '../fakes/doppler';

/**
 * One loopback Doppler simulator for the calling test file, started before its tests and closed after.
 * Each test starts with the default rate limit and empty windows, so a test that lowers the limit or
 * spends requests does not throttle the next. Returns a getter (the simulator exists once beforeAll ran).
 */
export function useDopplerSimulator(): () => DopplerSimulator {
  let sim: DopplerSimulator | undefined;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => {
    current().rateLimit.limit = 480;
    current().resetRateLimits();
  });
  const current = () => {
    if (!sim) throw new Error('The Doppler simulator is not running: call its getter inside a test or hook.');
    return sim;
  };
  return current;
}

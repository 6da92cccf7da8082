import { describe, expect, it, vi } from 'vitest';
import { agentTasks } from '../../../electron/agent/tasks';
import type { Services } from '../../../electron/services';

describe('the lease renewal task', () => {
  it('asks the export service to renew every live export\'s credentials again, and logs what it could not get', async () => {
    const renewHeldLeases = vi.fn(async () => ["export bbbb: DATABASE_URL's credentials end early"]);
    const services = { exports: { renewHeldLeases }, config: { dataDir: '/nonexistent' } } as unknown as Services;
    const log = vi.fn();
    const task = agentTasks(services, log, 'cli').find((t) => t.name === 'lease-renewal')!;
    await task.run();
    expect(renewHeldLeases).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith("export bbbb: DATABASE_URL's credentials end early");
  });

  it('polls access requests in a latchkey agent, not in the app (its own notifier does)', () => {
    const services = { config: { dataDir: '/nonexistent' } } as unknown as Services;
    expect(agentTasks(services, () => undefined, 'cli').map((t) => t.name)).toEqual(['lease-renewal', 'access']);
    expect(agentTasks(services, () => undefined, 'app').map((t) => t.name)).toEqual(['lease-renewal']);
  });
});

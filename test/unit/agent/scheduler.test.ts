import { describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../../electron/agent/scheduler';

describe('the agent scheduler (lease renewal now, access polling later)', () => {
  it('runs a task every interval, without overlap, past a failure', async () => {
    const log = vi.fn();
    const scheduler = createScheduler(log);
    let calls = 0;
    scheduler.register({ name: 'poll', everyMs: 30, run: async () => {
      calls++;
      if (calls === 1) throw new Error('backend down');
    } });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 2_000 });
    expect(log).toHaveBeenCalledWith('task poll failed: backend down');
    scheduler.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(after);
  });

  it('is pending while a task says it has work in flight (keeps the agent from exiting)', async () => {
    const scheduler = createScheduler(() => undefined);
    let waiting = true;
    const remove = scheduler.register({ name: 'grants', everyMs: 60_000, run: async () => undefined, pending: () => waiting });
    expect(await scheduler.pending()).toBe(true);
    waiting = false;
    expect(await scheduler.pending()).toBe(false);
    waiting = true;
    remove();
    expect(await scheduler.pending()).toBe(false);
    scheduler.stop();
  });
});

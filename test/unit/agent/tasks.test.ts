import { describe, expect, it, vi } from 'vitest';
import { agentTasks } from '../../../electron/agent/tasks';
import type { Services } from '../../../electron/services';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const record = (id: string, kind: 'file' | 'mount', expiresAt: string, leases: number) => ({
  id, kind, expiresAt, leases: Array.from({ length: leases }, (_, i) => ({ id: `database/creds/app/${id}-${i}`, backend: 'acme' })),
});

describe('the lease renewal task', () => {
  it('asks again for every live export and mount with credentials, until its expiry; logs what it could not get', async () => {
    const renewForExport = vi.fn(async (leases: unknown[], _until: string) => (leases.length > 1 ? ['DATABASE_URL\'s credentials end early'] : []));
    const ledger = [
      record('aaaa', 'file', '2026-01-01T20:00:00Z', 1),
      record('bbbb', 'mount', '2026-01-01T13:00:00Z', 2),
      record('cccc', 'file', '2026-01-01T11:00:00Z', 1), // already expired: the sweeper's
      record('dddd', 'file', '2026-01-01T20:00:00Z', 0), // nothing to renew
    ];
    const services = { exports: { now: () => NOW, renewForExport, deps: { ledger: { list: async () => ledger } } }, config: { dataDir: '/nonexistent' } } as unknown as Services;
    const log = vi.fn();
    const task = agentTasks(services, log, 'cli').find((t) => t.name === 'lease-renewal')!;
    await task.run();
    expect(renewForExport.mock.calls.map(([leases, until]) => [(leases as unknown[]).length, until])).toEqual([[1, '2026-01-01T20:00:00Z'], [2, '2026-01-01T13:00:00Z']]);
    expect(log).toHaveBeenCalledWith('export bbbb: DATABASE_URL\'s credentials end early');
  });

  it('polls access requests in a latchkey agent, not in the app (its own notifier does)', () => {
    const services = { config: { dataDir: '/nonexistent' } } as unknown as Services;
    expect(agentTasks(services, () => undefined, 'cli').map((t) => t.name)).toEqual(['lease-renewal', 'access']);
    expect(agentTasks(services, () => undefined, 'app').map((t) => t.name)).toEqual(['lease-renewal']);
  });
});

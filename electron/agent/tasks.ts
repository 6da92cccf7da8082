import type { Services } from '../services';
import type { AgentTask } from './scheduler';

/** How often export leases are stretched again to their export's expiry. */
const LEASE_RENEWAL_MS = 10 * 60_000;

/**
 * What the agent runs on a timer. The access flow's request/grant polling (and its notifications) adds
 * its task here: `pending()` true while a request awaits an answer keeps the agent alive for it.
 */
export function agentTasks(services: Services, log: (line: string) => void): AgentTask[] {
  return [leaseRenewal(services, log)];
}

/**
 * Dynamic credentials of an export were renewed to last until its expiry when it was written; a backend
 * that was down then, or a lease that was shortened since, is asked again while the export lives.
 */
function leaseRenewal(services: Services, log: (line: string) => void): AgentTask {
  return {
    name: 'lease-renewal',
    everyMs: LEASE_RENEWAL_MS,
    async run() {
      const now = services.exports.now();
      const records = (await services.exports.deps.ledger.list()).filter((r) => r.kind === 'file' && r.leases.length > 0 && Date.parse(r.expiresAt) > now);
      for (const record of records) {
        for (const warning of await services.exports.renewForExport(record.leases, record.expiresAt)) log(`export ${record.id}: ${warning}`);
      }
    },
  };
}

import { AccessStore } from '../access/local-store';
import type { Services } from '../services';
import type { AgentHostKind } from './protocol';
import type { AgentTask } from './scheduler';

/** How often export leases are stretched again to their export's expiry. */
const LEASE_RENEWAL_MS = 10 * 60_000;
/** How often requests and grants are looked at while one is in flight (the app's notifier uses the same). */
const ACCESS_POLL_MS = 30_000;

/**
 * What the agent runs on a timer, besides export expiry (which has exact timers of its own). The app
 * looks at access requests with its own notifier timer (main.ts), so as the agent it adds no second one.
 */
export function agentTasks(services: Services, log: (line: string) => void, host: AgentHostKind): AgentTask[] {
  return host === 'app' ? [leaseRenewal(services, log)] : [leaseRenewal(services, log), accessPolling(services)];
}

/**
 * The access flow: requests made while their backend was down are sent, answers and grants are picked
 * up, and `access:notification` events go out (approved, denied, a grant ending) — only while a request
 * of ours is unsettled or a grant is live, which is also what keeps an idle agent from exiting.
 */
function accessPolling(services: Services): AgentTask {
  const store = new AccessStore(services.config.dataDir);
  const watching = async () => {
    const { mine, grants } = await store.read();
    const now = Date.now();
    return mine.some((m) => !m.settled) || grants.some((g) => Date.parse(g.expiresAt) > now);
  };
  return {
    name: 'access',
    everyMs: ACCESS_POLL_MS,
    pending: () => watching().catch(() => false),
    async run() {
      if (await watching()) await services.accessNotifier.poll();
    },
  };
}

/**
 * Dynamic credentials of an export or mount were renewed to last until its expiry when it was made; a
 * backend that was down then, or a lease that was shortened since, is asked again while it lives.
 */
function leaseRenewal(services: Services, log: (line: string) => void): AgentTask {
  return {
    name: 'lease-renewal',
    everyMs: LEASE_RENEWAL_MS,
    async run() {
      for (const warning of await services.exports.renewHeldLeases()) log(warning);
    },
  };
}

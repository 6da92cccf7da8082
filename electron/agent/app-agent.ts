import { APP_VERSION } from '../app-info';
import type { Services } from '../services';
import { startAgentHost, type AgentHost } from './host';
import { ensureAgent, type AgentCommand } from './launch';
import { agentPaths } from './paths';

/**
 * While the app runs its main process is the agent: it takes the socket over from a `latchkey agent`
 * (which stops listening at once and exits when its open calls end), so the app and every CLI share one
 * cache, one set of sessions and one sweeper. The app works without it: a failure is reported, not fatal.
 */
export async function startAppAgent(services: Services, report: (line: string) => void): Promise<AgentHost | null> {
  try {
    const started = await startAgentHost(services, { host: 'app', idleMs: null, log: (line) => report(`Latchkey agent: ${line}`), takeOver: true });
    return 'host' in started ? started.host : null;
  } catch (error) {
    report(`Latchkey: the agent socket could not be opened (${error instanceof Error ? error.message : 'unknown error'}); the CLI works on its own.`);
    return null;
  }
}

/**
 * At quit: stop serving, and when exports are still pending start an agent without a window, so they
 * still end on time with the app closed. Resolves true when one took over.
 */
export async function handOffAgent(host: AgentHost | null, services: Services, command: AgentCommand, report: (line: string) => void): Promise<boolean> {
  host?.stop('the app is quitting');
  if ((await services.exports.records()).length === 0) return false;
  const available = await ensureAgent(agentPaths(services.config.dataDir, command.env), APP_VERSION, command);
  if ('unavailable' in available) {
    report(`Latchkey: exports still pending will end at the next start or command (${available.unavailable}).`);
    return false;
  }
  available.connection.close();
  return true;
}

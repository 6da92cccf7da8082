import { AgentConnection } from '../agent/client';
import { agentPaths } from '../agent/paths';
import { APP_VERSION } from '../app-info';
import { resolveDataDir } from '../config/paths';
import type { CliContext } from './context';

/**
 * Commands that cannot change a session, a backend or a grant. Every other command (login, logout,
 * backends, profile, doctor, request, approve, …) may have: a running agent drops what it holds after it.
 */
const KEEPS_SESSIONS = new Set(['agent', 'audit', 'envs', 'secrets', 'export', 'exports', 'revoke', 'extend', 'run', 'mount']);

/**
 * After a command the full CLI ran in its own process, tells a running agent what changed under it: a
 * sign-in (its adapters still hold the old session, its cache values read with it) or `cache clear`. No
 * agent, or LATCHKEY_NO_AGENT=1: nothing to tell. Never starts one.
 */
export async function tellAgent(ctx: CliContext, command: string): Promise<void> {
  if (ctx.env.LATCHKEY_NO_AGENT === '1') return;
  const channel = command === 'cache' ? 'cache:clear' : KEEPS_SESSIONS.has(command) ? null : 'agent:reload';
  if (!channel) return;
  try {
    const connection = await AgentConnection.open(agentPaths(resolveDataDir(ctx.env), ctx.env), APP_VERSION);
    if (!connection) return;
    await connection.call(channel, {}).finally(() => connection.close());
  } catch {
    // An agent that refuses us or just stopped holds nothing this command could invalidate.
  }
}

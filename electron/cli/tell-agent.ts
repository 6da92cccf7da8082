import { AgentConnection } from '../agent/client';
import { agentPaths } from '../agent/paths';
import { APP_VERSION } from '../app-info';
import { resolveDataDir } from '../config/paths';
import type { CliContext } from './context';

/** Commands that change sessions or backends in this process: a running agent must drop what it holds. */
const RELOADS = new Set(['login', 'backends', 'profile', 'doctor']);

/**
 * After a command the full CLI ran in its own process, tells a running agent what changed under it: a
 * sign-in (its adapters still hold the old session, its cache values read with it) or `cache clear`. No
 * agent, or LATCHKEY_NO_AGENT=1: nothing to tell. Never starts one.
 */
export async function tellAgent(ctx: CliContext, command: string): Promise<void> {
  if (ctx.env.LATCHKEY_NO_AGENT === '1') return;
  const channel = RELOADS.has(command) ? 'agent:reload' : command === 'cache' ? 'cache:clear' : null;
  if (!channel) return;
  try {
    const connection = await AgentConnection.open(agentPaths(resolveDataDir(ctx.env), ctx.env), APP_VERSION);
    if (!connection) return;
    await connection.call(channel, {}).finally(() => connection.close());
  } catch {
    // An agent that refuses us or just stopped holds nothing this command could invalidate.
  }
}

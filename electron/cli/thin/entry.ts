import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AgentGoneError, type AgentConnection } from '../../agent/client';
import { ensureAgent, recentFailure, rememberFailure } from '../../agent/launch';
import { agentPaths, type AgentPaths } from '../../agent/paths';
import { APP_VERSION } from '../../app-info';
import { resolveDataDir } from '../../config/paths';
import type { Result } from '../../../shared/result';
import { UNEXPECTED_ERROR } from '../../unexpected-error';
import { watchOutput } from '../output-failures';
import { printErrorShape, terminalSafe, type Io } from '../print';
import { printSweepFailed, printSwept, type SweptExport } from '../views/export-views';
import { runHot } from './hot-commands';
import { parseHot } from './parse';

// The thin CLI: what `latchkey` loads first (bin/latchkey.cjs). It speaks the agent's socket for the hot
// commands and loads nothing else — no zod, no commander, no keychain, no HTTP client — which is where a
// cold CLI spends its time. Everything it cannot do, it hands to the full CLI ('full').

export interface ThinOptions {
  argv: string[];
  /** The full CLI bundle: what the agent is started with. */
  cliPath: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  io?: Io;
  execPath?: string;
}

/**
 * Runs a hot command through the agent (starting it if none runs) and resolves to the exit code, or to
 * 'full': the full CLI runs the command in this process — a command that is not hot, LATCHKEY_NO_AGENT=1,
 * an agent that cannot start (said once on stderr, then not tried again for a while), or an agent that
 * died before it answered (the work is redone here; an export it never finished left no file behind).
 */
export async function runThin(options: ThinOptions): Promise<number | 'full'> {
  const env = options.env ?? process.env;
  // Every line printed passes through the same escaping point as the full CLI's (see terminalSafe).
  const raw = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  const io: Io = { stdout: terminalSafe(raw.stdout), stderr: terminalSafe(raw.stderr) };
  const outputFailed = options.io ? () => false : watchOutput([process.stdout, process.stderr]);
  if (env.LATCHKEY_NO_AGENT === '1') return 'full';
  const plan = parseHot(options.argv, options.cwd ?? process.cwd());
  if (!plan) return 'full';
  const paths = agentPaths(resolveDataDir(env), env);
  if (recentFailure(paths) !== null) return 'full';
  const available = await ensureAgent(paths, APP_VERSION, { execPath: options.execPath ?? process.execPath, args: [options.cliPath, 'agent', 'serve'], env });
  if ('unavailable' in available) {
    rememberFailure(paths, available.unavailable);
    io.stderr.write(`latchkey: the agent could not start (${available.unavailable}); working in this process instead.\n`);
    return 'full';
  }
  const agent = available.connection;
  try {
    await sweepFirst(agent, paths, io);
    const code = await runHot(plan, agent, io, env, options.argv.includes('--json'));
    return code === 0 && outputFailed() ? 1 : code;
  } catch (error) {
    // Said as the full CLI says it: never the error's own text (it may hold a value).
    if (!(error instanceof AgentGoneError)) return printErrorShape(io, UNEXPECTED_ERROR, options.argv.includes('--json'));
    io.stderr.write('latchkey: the agent stopped before it answered; doing it in this process instead.\n');
    return 'full';
  } finally {
    agent.close();
  }
}

/**
 * As the full CLI does before every command: exports whose time is up end now and are named, and what a
 * killed process left half done is finished. The agent ends exports on time by itself, so this finds
 * something only when it just started after a pause or a process died. Reads the ledger file directly
 * (a few fields only): parsing it with its schema would load zod.
 */
async function sweepFirst(agent: AgentConnection, paths: AgentPaths, io: Io): Promise<void> {
  let due = false;
  try {
    const ledger = JSON.parse(readFileSync(path.join(paths.dataDir, 'exports.json'), 'utf8')) as { exports?: Array<{ expiresAt?: string; kind?: string; pending?: unknown; ending?: unknown }> };
    const now = Date.now();
    // Also what a killed process may have left half done (a write, an ending) and mounts (is the server
    // still there?): the agent's sweep looks at their processes and does nothing when all is well.
    due = (ledger.exports ?? []).some((r) => Date.parse(r.expiresAt ?? '') <= now || r.pending !== undefined || r.ending !== undefined || r.kind === 'mount');
  } catch {
    return; // no ledger yet, or one the agent will report on
  }
  if (!due) return;
  const swept = (await agent.call('exports:sweep', {})) as Result<SweptExport[]>;
  if (swept.ok) printSwept(io, swept.value);
  else printSweepFailed(io, swept.error.message);
}

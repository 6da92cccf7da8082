import type { CatalogEnvironment, ExportCreated, ExportEnded, ExportSummary, RevealedSecret, SecretDescription } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { AgentConnection } from '../../agent/client';
import { ChildStartError, spawnChild } from '../../exports/spawn-child';
import { printErrorShape, type Io } from '../print';
import { printCacheCleared, printDescribed, printEnvironments, printRevealed } from '../views/catalog-views';
import { printExportCreated, printExportList, printRevoked } from '../views/export-views';
import type { HotPlan } from './parse';

/**
 * Runs one hot command through the agent and prints its answer with the full CLI's own views; returns
 * the exit code. An error answer prints as the full CLI prints an error (as JSON when `--json` is anywhere
 * in argv, as the full CLI decides it). AgentGoneError (the agent died
 * mid-call) propagates: the caller redoes the command in its own process.
 */
export async function runHot(plan: HotPlan, agent: AgentConnection, io: Io, env: NodeJS.ProcessEnv, jsonErrors: boolean): Promise<number> {
  const json = 'json' in plan && plan.json;
  // What the agent warns about while it works for us, printed as the full CLI prints its warnings.
  agent.onWarning = (message) => void io.stderr.write(`warning: ${message}\n`);
  const answer = async <T>(channel: string, payload: unknown, print: (value: T) => void): Promise<number> => {
    const result = (await agent.call(channel, payload)) as Result<T>;
    if (!result.ok) return printErrorShape(io, result.error, jsonErrors);
    print(result.value);
    return 0;
  };
  switch (plan.command) {
    case 'run':
      return run(plan, agent, io, env, jsonErrors);
    case 'export':
      return answer<ExportCreated>('exports:write', plan.input, (created) => printExportCreated(io, created, json));
    case 'secrets':
      return plan.reveal === undefined
        ? answer<SecretDescription>('secrets:describe', { ref: plan.ref }, (described) => printDescribed(io, described, json, Date.now()))
        : answer<RevealedSecret>('secrets:reveal', { ref: plan.ref, key: plan.reveal }, (revealed) => printRevealed(io, revealed, json));
    case 'envs':
      return answer<{ environments: CatalogEnvironment[]; problems: Array<{ backend: string; message: string }> }>(
        'catalog:scan', plan.role === undefined ? {} : { role: plan.role }, (scan) => printEnvironments(io, scan, json));
    case 'exports':
      return answer<ExportSummary[]>('exports:list', {}, (active) => printExportList(io, active, json));
    case 'revoke':
      return answer<ExportEnded>('exports:revoke', { id: plan.id }, (ended) => printRevoked(io, ended, json));
    case 'cache-clear':
      return answer<{ cleared: number }>('cache:clear', {}, (value) => printCacheCleared(io, value.cleared, json));
  }
}

/**
 * `run`: the agent reads (from its cache when warm), audits and keeps any leases renewed; the child runs
 * here, with our terminal and our environment plus the values, and its exit code is ours. The connection
 * stays open while the child runs: when it closes (run:end, or this process killed) the agent revokes the
 * leases.
 */
async function run(plan: Extract<HotPlan, { command: 'run' }>, agent: AgentConnection, io: Io, env: NodeJS.ProcessEnv, jsonErrors: boolean): Promise<number> {
  const [command, ...args] = plan.argv as [string, ...string[]];
  // Load what spawns the child while the agent reads and audits: the two overlap instead of adding up.
  void import('node:child_process');
  const started = await agent.call<{ values: Record<string, string>; keys: string[]; leases: number; endsAt?: number }>('run:start', { ref: plan.ref, ...(plan.keys ? { keys: plan.keys } : {}), command });
  if (!started.ok) return printErrorShape(io, started.error, jsonErrors);
  let code: number;
  try {
    code = await spawnChild({ command, args, values: started.value.values, baseEnv: env, endsAt: started.value.endsAt });
  } catch (error) {
    if (!(error instanceof ChildStartError)) throw error;
    code = printErrorShape(io, error.shape, jsonErrors);
  }
  // Leases are given back before we exit, as the in-process run does (without any, closing the connection
  // is enough); a dead agent cannot, nor needs to.
  if (started.value.leases > 0) await agent.call('run:end', {}).catch(() => undefined);
  return code;
}

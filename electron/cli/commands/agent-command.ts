import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { agentContract } from '../../agent/agent-contract';
import { runAgentProcess } from '../../agent/agent-process';
import { AgentConnection } from '../../agent/client';
import { serviceDefinition } from '../../agent/install';
import { stopAgent } from '../../agent/launch';
import { agentPaths } from '../../agent/paths';
import { APP_VERSION } from '../../app-info';
import { resolveDataDir } from '../../config/paths';
import { formatLeft } from '../../exports/ttl';
import type { CliContext } from '../context';
import { printJson } from '../output';

/** `latchkey agent [--keep-running]`, `agent status`, `agent stop`, `agent install`. */
export function registerAgent(program: Command, ctx: CliContext): void {
  const agent = program
    .command('agent')
    .description('The per-user agent: ends exports on time with nothing else open, keeps sessions and values warm for the CLI');
  agent
    .command('serve', { isDefault: true })
    .description('Serve as the agent in the foreground (what `latchkey agent` does; the CLI starts one by itself when needed)')
    .option('--keep-running', 'stay when idle (for a login service); by default it exits after 10 idle minutes with nothing pending')
    .addOption(new Option('--ready-fd <fd>', 'file descriptor on which to say that it listens (used by the CLI that starts it)').hideHelp())
    .action(async (opts: { keepRunning?: boolean; readyFd?: string }) => {
      const readyFd = opts.readyFd === undefined ? undefined : Number(opts.readyFd);
      process.exitCode = await runAgentProcess({ env: ctx.env, out: ctx.io.stderr, readyFd, keepRunning: opts.keepRunning === true });
    });
  agent
    .command('status')
    .description('Is an agent running for this data folder, and what does it watch')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const paths = agentPaths(resolveDataDir(ctx.env), ctx.env);
      const connection = await AgentConnection.open(paths, APP_VERSION);
      if (!connection) {
        if (opts.json) return printJson(ctx.io, { running: false, socket: paths.socket, log: paths.log });
        ctx.io.stdout.write(`No agent is running for ${paths.dataDir}. The CLI starts one when it needs it (LATCHKEY_NO_AGENT=1 turns that off).\n`);
        return;
      }
      const result = await connection.call('agent:status', {});
      connection.close();
      if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.hint);
      const status = agentContract['agent:status'].output.parse(result.value);
      if (opts.json) return printJson(ctx.io, { running: true, ...status, log: paths.log });
      const who = status.host === 'app' ? 'the Latchkey app' : 'latchkey agent';
      const idle = status.idleExitMs === null ? 'stays until stopped' : `exits after ${formatLeft(status.idleExitMs / 1000)} idle with nothing pending`;
      ctx.io.stdout.write(
        `Agent running: ${who}, pid ${status.pid}, version ${status.version}, since ${status.startedAt}.\n` +
          `  socket: ${status.socket}\n  log:    ${paths.log}\n` +
          `  ${status.exports} export${status.exports === 1 ? '' : 's'} watched${status.nextExpiry ? `, next expiry ${status.nextExpiry}` : ''}; ` +
          `${status.runs} run${status.runs === 1 ? '' : 's'}; values kept ${formatLeft(status.cacheTtlMs / 1000)}; ${idle}.\n`,
      );
    });
  agent
    .command('stop')
    .description('Stop the agent (running `run` commands keep their credentials until they exit)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const paths = agentPaths(resolveDataDir(ctx.env), ctx.env);
      const connection = await AgentConnection.open(paths, APP_VERSION);
      if (connection?.hello.host === 'app') {
        connection.close();
        throw new AppError('CONFLICT', 'The Latchkey app is the agent for this data folder.', 'Quit the app to stop it.');
      }
      const pid = connection ? await stopAgent(connection) : null;
      if (opts.json) return printJson(ctx.io, { stopped: pid !== null, pid });
      ctx.io.stdout.write(pid === null ? 'No agent is running.\n' : `Stopped the agent (pid ${pid}).\n`);
    });
  agent
    .command('install')
    .description('Start the agent at every login (a systemd user unit on Linux, a LaunchAgent on macOS)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const dataDir = resolveDataDir(ctx.env);
      const script = process.argv[1] ? path.resolve(process.argv[1]) : '';
      const definition = serviceDefinition({ platform: process.platform, env: ctx.env, execPath: process.execPath, script, dataDir });
      if (!definition) throw new AppError('BAD_REQUEST', `Latchkey cannot install a login service on ${process.platform} yet.`, 'Start it with `latchkey agent` from your login scripts instead.');
      await fs.mkdir(path.dirname(definition.path), { recursive: true });
      // A service definition holds paths only (never a secret); service managers expect it readable.
      await fs.writeFile(definition.path, definition.text, { mode: 0o644 });
      if (opts.json) return printJson(ctx.io, { path: definition.path, kind: definition.kind, enable: definition.enable });
      ctx.io.stdout.write(`Wrote ${definition.path}.\nStart it now and at every login with:\n  ${definition.enable}\n`);
    });
}


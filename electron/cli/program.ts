import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../app-info';
import { createCliContext, type CliContext } from './context';
import { registerAgent } from './commands/agent-command';
import { registerAudit } from './commands/audit-command';
import { registerBackends } from './commands/backends-command';
import { registerCache } from './commands/cache-command';
import { registerDoctor } from './commands/doctor-command';
import { registerEnvs } from './commands/envs-command';
import { registerLogin } from './commands/login-command';
import { registerProfile } from './commands/profile-command';
import { registerSecrets } from './commands/secrets-command';
import { registerExport } from './commands/export-command';
import { registerExports } from './commands/exports-command';
import { registerExtend } from './commands/extend-command';
import { registerMount } from './commands/mount-command';
import { registerRevoke } from './commands/revoke-command';
import { registerRun } from './commands/run-command';
import { registerAccessEnds } from './commands/access-end-commands';
import { registerAdmin } from './commands/admin-command';
import { registerApprove } from './commands/approve-command';
import { registerRequest } from './commands/request-command';
import { registerOnboard } from './commands/onboard-command';
import { flushFirst } from './flush-first';
import { sweepFirst } from './sweep-first';
import { tellAgent } from './tell-agent';
import { printError, terminalSafe, type Io } from './output';

export interface RunOptions {
  io: Io;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
}

/** Each capability adds its commands here; the order is the order of `latchkey --help`. */
const registrations: Array<(program: Command, ctx: CliContext) => void> = [
  registerProfile,
  registerBackends,
  registerLogin,
  registerOnboard,
  registerEnvs,
  registerSecrets,
  registerExport,
  registerExports,
  registerRevoke,
  registerExtend,
  registerRun,
  registerMount,
  registerRequest,
  registerApprove,
  registerAccessEnds,
  registerAudit,
  registerCache,
  registerDoctor,
  registerAdmin,
  registerAgent,
];

/** Runs the CLI and returns the exit code (tests call this in-process; index.ts calls it for real). */
export async function runCli(argv: string[], options: RunOptions): Promise<number> {
  // Commands report failure through process.exitCode; start clean so in-process runs do not inherit it.
  process.exitCode = undefined;
  // Every line we print, human or JSON, passes through one escaping point (see terminalSafe).
  const io: Io = { stdout: terminalSafe(options.io.stdout), stderr: terminalSafe(options.io.stderr) };
  const ctx = createCliContext({ ...options, io });
  const program = new Command('latchkey')
    .description('Team secrets without the .env in chat: scoped, expiring access to Vault/OpenBao, Infisical and Doppler.')
    .version(APP_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  for (const register of registrations) register(program, ctx);
  // Every command first ends the exports whose time is up (they may have expired while nothing ran),
  // then sends access requests that were made while their backend was down.
  program.hook('preAction', async (_program, action) => {
    ctx.command = action.name();
    await sweepFirst(ctx);
    await flushFirst(ctx);
  });
  // A running agent hears about sign-ins and cache clears made in this process.
  program.hook('postAction', (_program, action) => tellAgent(ctx, topLevelName(action)));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0) || 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors already printed their message.
      return error.exitCode === 0 ? 0 : 2;
    }
    return printError(io, error, argv.includes('--json'));
  } finally {
    await ctx.close();
  }
}

function topLevelName(command: Command): string {
  let top = command;
  while (top.parent?.parent) top = top.parent;
  return top.name();
}

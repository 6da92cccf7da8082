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
import { sweepFirst } from './sweep-first';
import { tellAgent } from './tell-agent';
import { printError, type Io } from './output';

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
  registerEnvs,
  registerSecrets,
  registerExport,
  registerExports,
  registerRevoke,
  registerExtend,
  registerRun,
  registerMount,
  registerAudit,
  registerCache,
  registerDoctor,
  registerAgent,
];

/** Runs the CLI and returns the exit code (tests call this in-process; index.ts calls it for real). */
export async function runCli(argv: string[], options: RunOptions): Promise<number> {
  // Commands report failure through process.exitCode; start clean so in-process runs do not inherit it.
  process.exitCode = undefined;
  const ctx = createCliContext(options);
  const program = new Command('latchkey')
    .description('Team secrets without the .env in chat: scoped, expiring access to Vault/OpenBao, Infisical and Doppler.')
    .version(APP_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => options.io.stdout.write(s),
      writeErr: (s) => options.io.stderr.write(s),
    });
  for (const register of registrations) register(program, ctx);
  // Every command first ends the exports whose time is up (they may have expired while nothing ran).
  program.hook('preAction', (_program, action) => {
    ctx.command = action.name();
    return sweepFirst(ctx);
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
    return printError(options.io, error, argv.includes('--json'));
  } finally {
    await ctx.close();
  }
}

function topLevelName(command: Command): string {
  let top = command;
  while (top.parent?.parent) top = top.parent;
  return top.name();
}

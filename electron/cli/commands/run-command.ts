import type { Command } from 'commander';
import { parseKeyList } from '../key-list';
import type { CliContext } from '../context';

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run <ref> <command...>')
    .description('Run a command with the environment\'s secrets in its environment; nothing is written to disk')
    .usage('<ref> [--keys K1,K2] -- <command> [args...]')
    .option('--keys <list>', 'only these keys, comma-separated')
    .action(async (ref: string, command: string[], opts: { keys?: string }) => {
      const keys = parseKeyList(opts.keys);
      const [name, ...args] = command;
      const code = await (await ctx.services()).exports.run({
        ref,
        keys,
        command: name!,
        args,
        baseEnv: ctx.env,
        onWarning: (message) => ctx.io.stderr.write(`warning: ${message}\n`),
      });
      // The child's code is ours: scripts see exactly what the command reported.
      process.exitCode = code;
    });
}

import type { Command } from 'commander';
import { formatLeft } from '../../exports/ttl';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerExports(program: Command, ctx: CliContext): void {
  program
    .command('exports')
    .description('List active exports and mounts with the time they have left (expired ones are removed first)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const active = await (await ctx.services()).exports.list();
      if (opts.json) return printJson(ctx.io, active);
      if (active.length === 0) {
        ctx.io.stdout.write('No active exports.\n');
        return;
      }
      for (const e of active) {
        const kind = e.kind === 'mount' ? 'mount ' : e.format.padEnd(6);
        ctx.io.stdout.write(`${e.id}  ${kind}  ${formatLeft(e.secondsLeft).padStart(7)} left  ${e.ref}  ${e.path}  (${e.keys.length} keys)${e.overrideUsed ? '  [not ignored by git]' : ''}\n`);
      }
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printExportList } from '../views/export-views';

export function registerExports(program: Command, ctx: CliContext): void {
  program
    .command('exports')
    .description('List active exports and mounts with the time they have left (expired ones are removed first)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      printExportList(ctx.io, await (await ctx.services()).exports.list(), opts.json === true);
    });
}

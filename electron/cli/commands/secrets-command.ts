import type { Command } from 'commander';
import { revealSecret } from '../../secrets/reveal';
import type { CliContext } from '../context';
import { printDescribed, printRevealed } from '../views/catalog-views';

export function registerSecrets(program: Command, ctx: CliContext): void {
  program
    .command('secrets <ref>')
    .description('Show the names, versions and ages of an environment\'s secrets (never values)')
    .option('--json', 'print JSON')
    .option('--reveal <key>', 'print the value of ONE key (written to the audit log)')
    .action(async (ref: string, opts: { json?: boolean; reveal?: string }) => {
      const { catalog, audit } = await ctx.services();
      if (opts.reveal !== undefined) return printRevealed(ctx.io, await revealSecret({ catalog, audit }, ref, opts.reveal), opts.json === true);
      printDescribed(ctx.io, await catalog.describe(ref), opts.json === true, Date.now());
    });
}

import type { Command } from 'commander';
import { revealSecret } from '../../secrets/reveal';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerSecrets(program: Command, ctx: CliContext): void {
  program
    .command('secrets <ref>')
    .description('Show the names, versions and ages of an environment\'s secrets (never values)')
    .option('--json', 'print JSON')
    .option('--reveal <key>', 'print the value of ONE key (written to the audit log)')
    .action(async (ref: string, opts: { json?: boolean; reveal?: string }) => {
      const { catalog, audit } = await ctx.services();
      if (opts.reveal !== undefined) {
        const revealed = await revealSecret({ catalog, audit }, ref, opts.reveal);
        if (opts.json) return printJson(ctx.io, revealed);
        ctx.io.stdout.write(`${revealed.value}\n`);
        return;
      }
      const described = await catalog.describe(ref);
      if (opts.json) return printJson(ctx.io, described);
      if (described.secrets.length === 0) {
        ctx.io.stdout.write(`${ref} has no secrets.\n`);
        return;
      }
      const width = Math.max(...described.secrets.map((s) => s.key.length));
      for (const s of described.secrets) {
        const age = s.ageDays === null ? 'age unknown' : `${s.ageDays} day${s.ageDays === 1 ? '' : 's'} old`;
        ctx.io.stdout.write(`${s.key.padEnd(width)}  v${s.version ?? '?'}  ${age}${s.stale ? '  STALE (unchanged for over a year: consider rotating)' : ''}\n`);
      }
    });
}

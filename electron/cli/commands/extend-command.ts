import type { Command } from 'commander';
import { formatLeft } from '../../exports/ttl';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerExtend(program: Command, ctx: CliContext): void {
  program
    .command('extend <id>')
    .description('Let an export live longer: it then ends --ttl from now, within the profile\'s maxTtl from its creation')
    .requiredOption('--ttl <duration>', 'new time left from now, e.g. 2h')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { ttl: string; json?: boolean }) => {
      const { export: e, headerUpdated, warnings } = await (await ctx.services()).exports.extend(id, opts.ttl);
      for (const warning of warnings) ctx.io.stderr.write(`warning: ${warning}\n`);
      if (opts.json) return printJson(ctx.io, e);
      ctx.io.stdout.write(`Export ${e.id} now expires ${e.expiresAt} (in ${formatLeft(e.secondsLeft)}).\n`);
      if (!headerUpdated && e.format !== 'json') ctx.io.stderr.write('note: the file\'s header comment still shows the old expiry (the file was changed or has no header).\n');
    });
}

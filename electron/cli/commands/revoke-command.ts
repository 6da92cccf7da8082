import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerRevoke(program: Command, ctx: CliContext): void {
  program
    .command('revoke <id>')
    .description('End an export or mount now: file removed, leases revoked, recorded in the audit log')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const ended = await (await ctx.services()).exports.revoke(id);
      if (opts.json) return printJson(ctx.io, ended);
      ctx.io.stdout.write(`Revoked ${ended.id} (${ended.ref})${ended.fileRemoved ? '; its file was removed' : ''}.\n`);
      if (ended.left) ctx.io.stderr.write(`latchkey: ${ended.left}\n`);
    });
}

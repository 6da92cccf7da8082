import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printRevoked } from '../views/export-views';

export function registerRevoke(program: Command, ctx: CliContext): void {
  program
    .command('revoke <id>')
    .description('End an export or mount now: file removed, leases revoked, recorded in the audit log')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      printRevoked(ctx.io, await (await ctx.services()).exports.revoke(id), opts.json === true);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printJson } from '../output';

const MARK = { create: '+', update: '~', unchanged: '=' } as const;

/** `latchkey admin setup <backend>`: what access requests need on a backend, once, by someone with admin rights. */
export function registerAdmin(program: Command, ctx: CliContext): void {
  const admin = program.command('admin').description('One-time backend setup for teams (needs admin rights on the backend)');
  admin
    .command('setup <backend>')
    .description('Create what access requests need on a backend (Vault: ledger mount, policies, grant role; Infisical: an access-approval policy per environment; Doppler: ledger project and config; AWS: checks the read roles); safe to run again')
    .option('--dry-run', 'only print what would change')
    .option('--json', 'print JSON')
    .action(async (backend: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const dryRun = opts.dryRun === true;
      const changes = await (await ctx.services()).access.setup(backend, { dryRun });
      if (opts.json) return printJson(ctx.io, { backend, dryRun, changes });
      for (const c of changes) ctx.io.stdout.write(`${MARK[c.action]} ${c.what}  (${c.action}${c.action !== 'unchanged' && dryRun ? ', not applied: dry run' : ''}): ${c.detail}\n`);
      const pending = changes.filter((c) => c.action !== 'unchanged').length;
      ctx.io.stdout.write(pending === 0 ? `${backend} is set up for access requests; nothing changed.\n` : dryRun ? `${pending} change(s) would be made. Run without --dry-run to apply.\n` : `${backend} is set up for access requests (${pending} change(s)).\n`);
    });
}

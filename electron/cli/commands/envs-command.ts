import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printEnvironments } from '../views/catalog-views';

export function registerEnvs(program: Command, ctx: CliContext): void {
  program
    .command('envs')
    .description('List environments from the team profile and the backends, with your access to each')
    .option('--json', 'print a JSON array')
    .option('--role <role>', 'only the environments of this profile role')
    .action(async (opts: { json?: boolean; role?: string }) => {
      const services = await ctx.services();
      printEnvironments(ctx.io, await services.catalog.scan({ role: opts.role }), opts.json === true);
    });
}

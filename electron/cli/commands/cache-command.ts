import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printCacheCleared } from '../views/catalog-views';

/** `latchkey cache clear`: forget every secret value this process keeps in memory. */
export function registerCache(program: Command, ctx: CliContext): void {
  const cache = program.command('cache').description('The in-memory cache of secret values (TTL 15 min by default, at most 60)');
  cache
    .command('clear')
    .description('Forget every secret value kept in memory now')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      printCacheCleared(ctx.io, (await ctx.services()).cache.clear(), opts.json === true);
    });
}

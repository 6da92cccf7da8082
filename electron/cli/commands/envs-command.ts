import type { Command } from 'commander';
import type { CatalogEnvironment } from '../../../shared/contract';
import type { CliContext } from '../context';
import { printJson } from '../output';

const marks: Record<CatalogEnvironment['access'], string> = { granted: 'granted', requestable: 'request', denied: 'denied' };

export function registerEnvs(program: Command, ctx: CliContext): void {
  program
    .command('envs')
    .description('List environments from the team profile and the backends, with your access to each')
    .option('--json', 'print a JSON array')
    .option('--role <role>', 'only the environments of this profile role')
    .action(async (opts: { json?: boolean; role?: string }) => {
      const services = await ctx.services();
      const { environments: envs, problems } = await services.catalog.catalog.scan({ role: opts.role });
      // Problems go to stderr in both modes: --json stdout stays one JSON document.
      for (const problem of problems) ctx.io.stderr.write(`warning: ${problem.backend}: ${problem.message}\n`);
      if (opts.json) return printJson(ctx.io, envs);
      if (envs.length === 0) {
        ctx.io.stdout.write('No environments yet. Import your team profile (`latchkey profile import <file>`) or add a backend.\n');
        return;
      }
      const width = Math.max(...envs.map((e) => e.ref.length));
      for (const env of envs) {
        const how = env.requestable
          ? [env.requestable.approvers.length > 0 && `approvers: ${env.requestable.approvers.join(', ')}`, env.requestable.grantPolicy && `policy: ${env.requestable.grantPolicy}`]
              .filter(Boolean)
              .join('; ')
          : '';
        // The kind column tells Vault, Infisical, Doppler and AWS environments apart (`-`: backend not configured).
        ctx.io.stdout.write(`${env.ref.padEnd(width)}  ${marks[env.access].padEnd(8)} ${(env.kind ?? '-').padEnd(9)} ${env.source.padEnd(10)} ${how}\n`.replace(/ +\n$/, '\n'));
      }
    });
}

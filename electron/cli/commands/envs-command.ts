import type { Command } from 'commander';
import type { CatalogEnvironment } from '../../../shared/contract';
import type { CliContext } from '../context';
import { printJson } from '../output';

const marks: Record<CatalogEnvironment['access'], string> = { granted: 'granted', requestable: 'request', denied: 'denied', unknown: 'unknown' };

export function registerEnvs(program: Command, ctx: CliContext): void {
  program
    .command('envs')
    .description('List environments from the team profile and the backends, with your access to each')
    .option('--json', 'print a JSON array')
    .option('--role <role>', 'only the environments of this profile role')
    .action(async (opts: { json?: boolean; role?: string }) => {
      const services = await ctx.services();
      const { environments: envs, problems } = await services.catalog.scan({ role: opts.role });
      // Problems go to stderr in both modes: --json stdout stays one JSON document.
      for (const problem of problems) ctx.io.stderr.write(`warning: ${problem.backend}: ${problem.message}\n`);
      if (opts.json) return printJson(ctx.io, envs);
      if (envs.length === 0) {
        ctx.io.stdout.write('No environments yet. Import your team profile (`latchkey profile import <file>`) or add a backend.\n');
        return;
      }
      // One pass for the width (no spread: 300,000 arguments overflow the stack) and one write per chunk of
      // lines, not per line: 50,000 environments must print in well under a second.
      let width = 0;
      for (const env of envs) width = Math.max(width, env.ref.length);
      const lines: string[] = [];
      for (const env of envs) {
        // The kind column tells Vault, Infisical, Doppler and AWS environments apart (`-`: backend not configured).
        lines.push(`${env.ref.padEnd(width)}  ${marks[env.access].padEnd(8)} ${(env.kind ?? '-').padEnd(9)} ${env.source.padEnd(10)} ${howToAsk(env)}`.trimEnd());
        if (lines.length === 2048) ctx.io.stdout.write(lines.splice(0).join('\n') + '\n');
      }
      if (lines.length > 0) ctx.io.stdout.write(lines.join('\n') + '\n');
      const requestable = envs.find((e) => e.access === 'requestable' && e.requestable && e.requestable.approvers.length > 0);
      if (requestable) ctx.io.stdout.write(`\nAsk for one: latchkey request ${requestable.ref} --reason "…" --duration ${requestable.requestable!.defaultTtl ?? '1h'}\n`);
    });
}

function howToAsk(env: CatalogEnvironment): string {
  if (env.grant) return `grant ${env.grant.requestId} until ${env.grant.expiresAt}`;
  if (!env.requestable) return '';
  const { approvers, grantPolicy } = env.requestable;
  return [approvers.length > 0 && `approvers: ${approvers.join(', ')}`, grantPolicy && `policy: ${grantPolicy}`].filter(Boolean).join('; ');
}

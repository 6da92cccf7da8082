import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { parseTeamProfile } from '../../catalog/profile-store';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerProfile(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('Import and show the team profile (backends, environments, roles)');

  profile
    .command('import <file>')
    .description('Validate a team profile, register the backends it lists, and keep it')
    .option('--json', 'print a JSON summary')
    .action(async (file: string, opts: { json?: boolean }) => {
      const source = path.resolve(file);
      let text: string;
      try {
        text = await fs.readFile(source, 'utf8');
      } catch {
        throw new AppError('NOT_FOUND', `Cannot read the team profile at ${source}.`, 'Check the path; ask your team lead for the file if you do not have it.');
      }
      const parsed = parseTeamProfile(text, path.basename(source));
      const services = await ctx.services();
      const { backends, profiles, registry, audit } = services.catalog;
      const changes: Record<string, 'added' | 'updated'> = {};
      for (const backend of parsed.backends) {
        changes[backend.name] = await backends.upsert(backend);
        registry.forget(backend.name);
      }
      await profiles.save(parsed);
      await audit
        .append({ action: 'profile.import', target: parsed.team, outcome: 'ok', details: { environments: parsed.environments.length, backends: parsed.backends.length } })
        .catch(() => ctx.io.stderr.write('warning: could not write the audit log entry (see `latchkey doctor`).\n'));
      const summary = { team: parsed.team, environments: parsed.environments.length, roles: parsed.roles.map((r) => r.name), backends: changes };
      if (opts.json) return printJson(ctx.io, summary);
      ctx.io.stdout.write(`Imported the ${parsed.team} team profile: ${parsed.environments.length} environments, ${parsed.roles.length} roles.\n`);
      for (const [name, change] of Object.entries(changes)) ctx.io.stdout.write(`  backend ${name}: ${change}\n`);
      const signedOut = (await services.dispatch('backends:list', {})) as { ok: boolean; value?: Array<{ name: string; signedIn: boolean }> };
      for (const b of signedOut.value ?? []) if (!b.signedIn && b.name in changes) ctx.io.stdout.write(`Next: latchkey login ${b.name}\n`);
    });

  profile
    .command('show')
    .description('Show the imported team profile')
    .option('--json', 'print the profile as JSON')
    .action(async (opts: { json?: boolean }) => {
      const current = await (await ctx.services()).catalog.profiles.load();
      if (!current) {
        throw new AppError('NOT_FOUND', 'No team profile has been imported yet.', 'Run: latchkey profile import <file>');
      }
      if (opts.json) return printJson(ctx.io, current);
      ctx.io.stdout.write(`Team: ${current.team}\n`);
      ctx.io.stdout.write(`Backends: ${current.backends.map((b) => `${b.name} (${b.kind} ${b.url})`).join(', ') || 'none'}\n`);
      ctx.io.stdout.write(`Environments (${current.environments.length}):\n`);
      for (const env of current.environments) {
        const how = [env.grantPolicy && `policy ${env.grantPolicy}`, env.approvers.length > 0 && `approvers ${env.approvers.join(', ')}`].filter(Boolean).join('; ');
        ctx.io.stdout.write(`  ${env.ref}${how ? `  (${how})` : ''}\n`);
      }
      if (current.roles.length > 0) {
        ctx.io.stdout.write('Roles:\n');
        for (const role of current.roles) ctx.io.stdout.write(`  ${role.name}: ${role.environments.join(', ')}\n`);
      }
    });
}

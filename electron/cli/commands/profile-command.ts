import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { assertProfileSize } from '../../config/profile-store';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { printApplied } from './backends-command';

export function registerProfile(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('Import and show the team profile (backends, environments, roles)');

  profile
    .command('import <file>')
    .description('Validate a team profile, register the backends it lists, and keep it')
    .option('--accept-changes', 'accept a new url, kind, namespace or sign-in method for a backend you have (deletes its saved sign-in)')
    .option('--json', 'print a JSON summary')
    .action(async (file: string, opts: { json?: boolean; acceptChanges?: boolean }) => {
      const source = path.resolve(file);
      let text: string;
      try {
        // The size first: a 2 GB "profile" must be refused, not read into memory.
        assertProfileSize((await fs.stat(source)).size, path.basename(source));
        text = await fs.readFile(source, 'utf8');
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('NOT_FOUND', `Cannot read the team profile at ${source}.`, 'Check the path; ask your team lead for the file if you do not have it.');
      }
      const services = await ctx.services();
      const imported = await services.setup.importProfile({ text, source: path.basename(source), acceptChanges: opts.acceptChanges });
      if (opts.json) return printJson(ctx.io, imported);
      ctx.io.stdout.write(`Imported the ${imported.team} team profile: ${imported.environments} environments, ${imported.roles.length} roles.\n`);
      for (const b of imported.backends) if (b.changes.length === 0) ctx.io.stdout.write(`  backend ${b.name}: ${b.result}\n`);
      printApplied(ctx.io, imported.backends);
      const signedIn = new Map((await services.setup.listBackends()).map((b) => [b.name, b.signedIn]));
      for (const b of imported.backends) if (signedIn.get(b.name) === false) ctx.io.stdout.write(`Next: latchkey login ${b.name}\n`);
    });

  profile
    .command('show')
    .description('Show the imported team profile')
    .option('--json', 'print the profile as JSON')
    .action(async (opts: { json?: boolean }) => {
      const current = await (await ctx.services()).profiles.load();
      if (!current) {
        throw new AppError('NOT_FOUND', 'No team profile has been imported yet.', undefined, { next: { action: 'profile-import' } });
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

import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerAudit(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('Show the audit log (keys, environments and outcomes; never values), or check it has not been tampered with')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'only the last N entries')
    .option('--verify', 'check the hash chain and signatures; names the first bad line and exits non-zero')
    .action(async (opts: { json?: boolean; limit?: string; verify?: boolean }) => {
      const { audit } = await ctx.services();
      if (opts.verify) {
        const report = await audit.verify();
        if (opts.json) {
          printJson(ctx.io, { ...report, file: audit.file });
          if (!report.ok) process.exitCode = 4;
        } else if (report.ok) {
          ctx.io.stdout.write(`ok: ${report.entries} entries in ${audit.file}; chain, signatures and keychain anchor intact.\n`);
        } else {
          throw new AppError('CONFLICT', `The audit log was tampered with at line ${report.badLine}: ${report.problem}.`,
            `Keep a copy of ${audit.file} and tell your security team; new entries still chain on.`);
        }
        return;
      }
      let limit: number | undefined;
      if (opts.limit !== undefined) {
        limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new AppError('BAD_REQUEST', `--limit must be a positive whole number, not "${opts.limit}".`);
      }
      const entries = await audit.list(limit);
      if (opts.json) return printJson(ctx.io, entries);
      if (entries.length === 0) ctx.io.stdout.write('The audit log is empty.\n');
      for (const e of entries) {
        const details = Object.entries(e.details).map(([k, v]) => `${k}=${v}`).join(' ');
        ctx.io.stdout.write(`${String(e.seq).padStart(5)}  ${e.time}  ${e.actor.user}  ${e.action.padEnd(15)} ${e.outcome.padEnd(6)} ${e.target}${details ? `  ${details}` : ''}\n`);
      }
    });
}

import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { parseKeyList } from '../key-list';
import { EXPORT_FORMATS, type ExportFormat } from '../../exports/serializers';
import type { CliContext } from '../context';
import { absoluteOut } from '../out-path';
import { printExportCreated } from '../views/export-views';

interface ExportOptions {
  out: string;
  keys?: string;
  format: string;
  ttl?: string;
  allowUnignored?: boolean;
  replace?: boolean;
  json?: boolean;
}

export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export <ref>')
    .description('Write an environment (or some keys) to a file that Latchkey deletes at expiry')
    .requiredOption('--out <path>', 'file to write, e.g. .env (must be ignored by git when inside a repository)')
    .option('--keys <list>', 'only these keys, comma-separated')
    .option('--format <format>', `${EXPORT_FORMATS.join(' | ')}`, 'dotenv')
    .option('--ttl <duration>', 'lifetime, e.g. 15m, 8h (default 8h or the profile\'s; capped by its maxTtl)')
    .option('--allow-unignored', 'write even though git does not ignore the file (recorded in the audit log)')
    .option('--replace', 'overwrite an existing file that Latchkey did not write (its content is lost)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: ExportOptions) => {
      const format = checkFormat(opts.format);
      const keys = parseKeyList(opts.keys);
      const { exports } = await ctx.services();
      // Absolute here, as the thin CLI sends it to the agent (whose working directory is not ours): one message either way.
      const created = await exports.create({ ref, path: absoluteOut(process.cwd(), opts.out), keys, format, ttl: opts.ttl, allowUnignored: opts.allowUnignored === true, replaceExisting: opts.replace === true });
      printExportCreated(ctx.io, created, opts.json === true);
    });
}

function checkFormat(text: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(text)) return text as ExportFormat;
  throw new AppError('BAD_REQUEST', `--format "${text}" is not a known format.`, `Use one of: ${EXPORT_FORMATS.join(', ')}.`);
}

import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { parseKeyList } from '../key-list';
import type { CliContext } from '../context';
import { printJson } from '../output';

interface MountOptions {
  out: string;
  keys?: string;
  ttl?: string;
  maxReads?: string;
  allowUnignored?: boolean;
  json?: boolean;
}

// serveFifo notices a stop within a poll interval; this is only a safety net should something else hang
// (e.g. a slow ledger/audit write): the ledger entry and leases were already handled by whoever stopped us.
const FORCED_EXIT_AFTER_MS = 2_000;

export function registerMount(program: Command, ctx: CliContext): void {
  program
    .command('mount <ref>')
    .description('Serve the environment as a .env through a named pipe until expiry (macOS/Linux); nothing rests on disk')
    .requiredOption('--out <path>', 'where the pipe appears, e.g. .env (must be ignored by git when inside a repository)')
    .option('--keys <list>', 'only these keys, comma-separated')
    .option('--ttl <duration>', 'how long to serve, e.g. 1h (default 8h or the profile\'s; capped by its maxTtl)')
    .option('--max-reads <n>', 'stop after this many reads')
    .option('--allow-unignored', 'serve even though git does not ignore the path (recorded in the audit log)')
    .option('--json', 'print the mount as JSON once it is ready')
    .action(async (ref: string, opts: MountOptions) => {
      const keys = parseKeyList(opts.keys);
      const maxReads = opts.maxReads === undefined ? undefined : Number(opts.maxReads);
      if (maxReads !== undefined && (!Number.isInteger(maxReads) || maxReads < 1)) {
        throw new AppError('BAD_REQUEST', `--max-reads must be a positive whole number, not "${opts.maxReads}".`, 'For example --max-reads 1.');
      }
      const { exports } = await ctx.services();
      const stop = new AbortController();
      const onSignal = () => {
        stop.abort();
        setTimeout(() => process.exit(process.exitCode ?? 0), FORCED_EXIT_AFTER_MS).unref();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        const end = await exports.mount({
          ref,
          path: opts.out,
          keys,
          ttl: opts.ttl,
          maxReads,
          allowUnignored: opts.allowUnignored === true,
          signal: stop.signal,
          onWarning: (message) => ctx.io.stderr.write(`warning: ${message}\n`),
          onReady: (m) => {
            if (opts.json) return printJson(ctx.io, m);
            ctx.io.stderr.write(`Serving ${m.keys.length} keys from ${m.ref} at ${m.path} until ${m.expiresAt}${maxReads ? ` or ${maxReads} reads` : ''} (id ${m.id}). Ctrl-C stops.\n`);
          },
        });
        if (!opts.json) ctx.io.stderr.write(`Stopped serving ${opts.out} (${end.reason}, ${end.reads} ${end.reads === 1 ? 'read' : 'reads'}); the pipe is removed.\n`);
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    });
}

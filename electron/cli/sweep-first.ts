import { resolveDataDir } from '../config/paths';
import { ExportLedger } from '../exports/ledger';
import type { CliContext } from './context';

/**
 * Before every command: end the exports whose time is up, so an export that expired while nothing ran is
 * removed now and never listed as active. Reading the ledger is cheap; services (keychain, backends) are
 * built only when something actually expired. A failed sweep is reported and does not stop the command.
 */
export async function sweepFirst(ctx: CliContext): Promise<void> {
  try {
    const records = await new ExportLedger(resolveDataDir(ctx.env)).list();
    const now = Date.now();
    if (!records.some((r) => Date.parse(r.expiresAt) <= now)) return;
    const ended = await (await ctx.services()).exports.sweep();
    for (const e of ended) {
      const what = e.record.kind === 'mount' ? 'mount' : 'export';
      ctx.io.stderr.write(`latchkey: ${what} ${e.record.id} of ${e.record.ref} expired${e.fileRemoved ? `; removed ${e.record.path}` : ''}.\n`);
      if (e.left) ctx.io.stderr.write(`latchkey: ${e.left}\n`);
    }
  } catch (error) {
    ctx.io.stderr.write(`latchkey: could not end expired exports (${error instanceof Error ? error.message : 'unknown error'}); will retry on the next command.\n`);
  }
}

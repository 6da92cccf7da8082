import { resolveDataDir } from '../config/paths';
import { ExportLedger } from '../exports/ledger';
import type { CliContext } from './context';
import { printSweepFailed, printSwept } from './views/export-views';

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
    printSwept(ctx.io, ended.map((e) => ({ ...e.record, fileRemoved: e.fileRemoved, left: e.left ?? null })));
  } catch (error) {
    printSweepFailed(ctx.io, error instanceof Error ? error.message : 'unknown error');
  }
}

import { resolveDataDir } from '../config/paths';
import { ExportLedger } from '../exports/ledger';
import { sweepNeeded } from '../exports/sweeper';
import type { CliContext } from './context';
import { printSweepFailed, printSwept } from './views/export-views';

/**
 * Before every command: end the exports whose time is up, so an export that expired while nothing ran is
 * removed now and never listed as active, and finish what a killed Latchkey process left half done.
 * Reading the ledger is cheap; services (keychain, backends) are built only when a sweep has work to do.
 * A failed sweep is reported and does not stop the command.
 */
export async function sweepFirst(ctx: CliContext): Promise<void> {
  try {
    if (!(await sweepNeeded(new ExportLedger(resolveDataDir(ctx.env)), Date.now()))) return;
    const ended = await (await ctx.services()).exports.sweep();
    printSwept(ctx.io, ended.map((e) => ({ ...e.record, reason: e.reason, fileRemoved: e.fileRemoved, left: e.left ?? null })));
  } catch (error) {
    printSweepFailed(ctx.io, error instanceof Error ? error.message : 'unknown error');
  }
}

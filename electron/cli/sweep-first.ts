import { resolveDataDir } from '../config/paths';
import { removeDeadWritersTemps } from '../fs/atomic';
import { ExportLedger } from '../exports/ledger';
import { sweepDue } from '../exports/sweeper';
import type { CliContext } from './context';

/**
 * Before every command: end the exports whose time is up, so an export that expired while nothing ran is
 * removed now and never listed as active, and finish what a killed Latchkey process left half done.
 * Reading the ledger is cheap; services (keychain, backends) are built only when a sweep has work to do.
 * A failed sweep is reported and does not stop the command.
 */
export async function sweepFirst(ctx: CliContext): Promise<void> {
  try {
    const dataDir = resolveDataDir(ctx.env);
    await removeDeadWritersTemps(dataDir);
    const records = await new ExportLedger(dataDir).list();
    if (!(await sweepDue(records, Date.now()))) return;
    const ended = await (await ctx.services()).exports.sweep();
    for (const e of ended) {
      const what = e.record.kind === 'mount' ? 'mount' : 'export';
      const how = e.reason === 'interrupted' ? 'was interrupted before its file was written' : e.reason === 'revoked' ? 'was revoked' : 'expired';
      ctx.io.stderr.write(`latchkey: ${what} ${e.record.id} of ${e.record.ref} ${how}${e.fileRemoved ? `; removed ${e.record.path}` : ''}.\n`);
      if (e.left) ctx.io.stderr.write(`latchkey: ${e.left}\n`);
    }
  } catch (error) {
    ctx.io.stderr.write(`latchkey: could not end expired exports (${error instanceof Error ? error.message : 'unknown error'}); will retry on the next command.\n`);
  }
}

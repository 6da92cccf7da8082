import { AccessStore } from '../access/local-store';
import { resolveDataDir } from '../config/paths';
import type { CliContext } from './context';

/**
 * Before every command: send the access requests that were made while their backend could not be
 * reached. One file read when there is nothing to send; a failure is reported and never stops the command.
 */
export async function flushFirst(ctx: CliContext): Promise<void> {
  try {
    const { mine } = await new AccessStore(resolveDataDir(ctx.env)).read();
    if (!mine.some((m) => m.draft !== null && Date.parse(m.draft.requestExpiresAt) > Date.now())) return;
    for (const id of await (await ctx.services()).access.flush()) ctx.io.stderr.write(`latchkey: sent access request ${id}, made while its backend could not be reached.\n`);
  } catch (error) {
    ctx.io.stderr.write(`latchkey: could not send waiting access requests (${error instanceof Error ? error.message : 'unknown error'}); will retry on the next command.\n`);
  }
}

import type { Command } from 'commander';
import type { AccessEnded } from '../../../shared/access';
import type { Services } from '../../services';
import type { CliContext } from '../context';
import { printJson } from '../output';

const ENDINGS: Array<{ name: string; description: string; run: (s: Services, id: string) => Promise<AccessEnded>; said: (e: AccessEnded) => string }> = [
  {
    name: 'cancel',
    description: 'Withdraw a request of yours that is still pending',
    run: (s, id) => s.access.cancel(id),
    said: (e) => `Cancelled ${e.id} (${e.ref}).`,
  },
  {
    name: 'give-back',
    description: 'End your grant now, at the backend, with the exports and mounts made with it',
    run: (s, id) => s.access.giveBack(id),
    said: (e) => `Gave back ${e.id}: ${e.ref} is no longer readable with it${e.exportsEnded ? `; ${e.exportsEnded} export${e.exportsEnded === 1 ? '' : 's'} made with it ended` : ''}.`,
  },
  {
    name: 'revoke-grant',
    description: 'Approvers: end a grant now, at the backend',
    run: (s, id) => s.access.revokeGrant(id),
    said: (e) => `Revoked the grant of ${e.id} (${e.ref}) at the backend.`,
  },
];

/** `latchkey cancel`, `give-back`, `revoke-grant`: ending a request or its grant early. */
export function registerAccessEnds(program: Command, ctx: CliContext): void {
  for (const ending of ENDINGS) {
    program
      .command(`${ending.name} <id>`)
      .description(ending.description)
      .option('--json', 'print JSON')
      .action(async (id: string, opts: { json?: boolean }) => {
        const ended = await ending.run(await ctx.services(), id);
        if (opts.json) return printJson(ctx.io, ended);
        ctx.io.stdout.write(`${ending.said(ended)}\n`);
      });
  }
}

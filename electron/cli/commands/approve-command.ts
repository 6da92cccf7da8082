import type { Command } from 'commander';
import type { AccessRequestView } from '../../../shared/access';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { confirm } from '../prompt';
import { duration } from './access-output';

interface ApproveOptions {
  duration?: string;
  comment?: string;
  device?: string;
  json?: boolean;
}

/** `latchkey approve` and `latchkey deny`: an approver decides a request. */
export function registerApprove(program: Command, ctx: CliContext): void {
  program
    .command('approve <id>')
    .description('Approve an access request: the grant is made on the backend, sealed to the requester\'s device, and ends by itself')
    .option('--duration <duration>', 'grant less than was asked for (never more)')
    .option('--comment <text>', 'a note the requester sees')
    .option('--device <fingerprint>', 'confirm the requester\'s device (needed the first time, or when it changed)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: ApproveOptions) => {
      const { access } = await ctx.services();
      const input = { id, duration: opts.duration, comment: opts.comment, device: opts.device };
      let view: AccessRequestView;
      try {
        view = await access.approve(input);
      } catch (error) {
        // A device not yet pinned: on a terminal, show the fingerprint and ask; scripts pass --device.
        if (!(error instanceof AppError && error.next?.action === 'approve-device') || opts.device !== undefined) throw error;
        ctx.io.stderr.write(`${error.message}\n  ${error.hint ?? ''}\n`);
        if (!(await confirm(ctx.stdin, ctx.io.stderr, `Does the requester read you ${error.next.fingerprint}?`))) throw error;
        view = await access.approve({ ...input, device: error.next.fingerprint });
      }
      if (opts.json) return printJson(ctx.io, view);
      const d = view.decision;
      if (!d) {
        // A backend policy that wants several approvals keeps the request pending after yours.
        ctx.io.stdout.write(`Your approval of ${view.id} is recorded; ${view.backend} waits for another approver. ${view.problem ?? ''}\n`);
        return;
      }
      ctx.io.stdout.write(`Approved ${view.id}: ${view.requester?.name ?? 'the requester'} may read ${view.ref} for ${duration(d.grantedSeconds ?? 0)}, until ${d.grantExpiresAt}.\n`);
      if (view.problem) ctx.io.stdout.write(`Note: ${view.problem}\n`);
      const where = view.device.fingerprint ? `is sealed to their device (${view.device.fingerprint})` : `is a privilege on their own ${view.backend} account`;
      ctx.io.stdout.write(`The grant ${where} and ends at the server by itself. End it sooner with \`latchkey revoke-grant ${view.id}\`.\n`);
    });

  program
    .command('deny <id>')
    .description('Deny an access request, saying why')
    .requiredOption('--reason <text>', 'why (the requester sees it)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      const view = await (await ctx.services()).access.deny({ id, reason: opts.reason });
      if (opts.json) return printJson(ctx.io, view);
      ctx.io.stdout.write(`Denied ${view.id} (${view.ref}, asked by ${view.requester?.name ?? 'someone'}).\n`);
    });
}

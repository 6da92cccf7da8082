import type { Command } from 'commander';
import { formatLeft } from '../../exports/ttl';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { duration, printListing } from './access-output';

/** `latchkey request` (ask) and `latchkey requests` (mine and the ones waiting for me). */
export function registerRequest(program: Command, ctx: CliContext): void {
  program
    .command('request <ref>')
    .description('Ask for access to an environment for a while, with a reason; its approvers decide from their own Latchkey')
    .requiredOption('--reason <text>', 'why you need it (the team profile sets a minimum length)')
    .option('--duration <duration>', 'how long, e.g. 4h (default: the profile\'s defaultTtl, else 1h; at most its maxTtl)')
    .option('--json', 'print JSON (includes your device fingerprint)')
    .action(async (ref: string, opts: { reason: string; duration?: string; json?: boolean }) => {
      const view = await (await ctx.services()).access.request({ ref, reason: opts.reason, duration: opts.duration });
      const fingerprint = view.device.fingerprint;
      if (opts.json) return printJson(ctx.io, { ...view, deviceFingerprint: fingerprint });
      if (view.state === 'not-sent') {
        ctx.io.stdout.write(`Saved request ${view.id} for ${ref} on this device: ${view.problem}\n`);
      } else {
        ctx.io.stdout.write(`Asked for ${ref} for ${duration(view.durationSeconds)} (request ${view.id}). It lapses in ${formatLeft(view.secondsLeft ?? 0)} if nobody decides.\n`);
      }
      if (fingerprint) ctx.io.stdout.write(`Your device fingerprint: ${fingerprint}\nRead it to your approver: they confirm it the first time they approve this device.\n`);
      else ctx.io.stdout.write(`${view.backend} grants it as a privilege on your own account: no device to confirm, no credential to deliver.\n`);
    });

  program
    .command('requests')
    .description('Your access requests (grants that were approved are collected on the way) and the ones waiting for you')
    .option('--mine', 'only the ones you made')
    .option('--inbox', 'only the ones waiting for your decision')
    .option('--json', 'print JSON')
    .action(async (opts: { mine?: boolean; inbox?: boolean; json?: boolean }) => {
      const box = opts.mine && !opts.inbox ? 'mine' : opts.inbox && !opts.mine ? 'inbox' : 'all';
      const listing = await (await ctx.services()).access.list(box);
      if (opts.json) {
        for (const problem of listing.problems) ctx.io.stderr.write(`warning: ${problem.backend}: ${problem.message}\n`);
        return printJson(ctx.io, listing);
      }
      printListing(ctx.io, listing, box === 'inbox' ? 'Nothing is waiting for you.' : 'No access requests.');
    });
}

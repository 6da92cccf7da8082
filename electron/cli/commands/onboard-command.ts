import type { Command } from 'commander';
import type { BackendStatus, ChecklistEnvironment, DayOneChecklist } from '../../../shared/onboarding';
import type { CliContext } from '../context';
import { commandFor } from '../next-step';
import { printJson } from '../output';

const BACKEND_WORDS: Record<BackendStatus['state'], string> = {
  'signed-in': 'signed in',
  refused: 'sign-in refused',
  'signed-out': 'not signed in',
  sealed: 'sealed',
  unreachable: 'unreachable',
  'not-configured': 'not configured',
};

const ENV_WORDS: Record<ChecklistEnvironment['state'], string> = {
  ready: 'ready (read just now)',
  unreadable: 'granted, but the read failed',
  requested: 'requested, waiting for approval',
  missing: 'missing: ask for it',
  denied: 'denied',
  unknown: 'unknown',
};

export function registerOnboard(program: Command, ctx: CliContext): void {
  program
    .command('onboard')
    .description("Day one: your role's backends and environments, what is ready and what to do next (the app's checklist)")
    .option('--role <role>', 'the team profile role (default: the role chosen in the app)')
    .option('--json', 'print the checklist as JSON')
    .action(async (opts: { role?: string; json?: boolean }) => {
      const checklist = await (await ctx.services()).onboarding.checklist(opts.role);
      if (opts.json) return printJson(ctx.io, checklist);
      ctx.io.stdout.write(render(checklist));
    });
}

/** The checklist as lines for a terminal: a box per item, then the command for each next step. */
function render(list: DayOneChecklist): string {
  const lines = [`Day one on the ${list.team} team as ${list.role}${list.done ? ': all done' : ''}`, '', 'Backends'];
  const width = Math.max(0, ...list.backends.map((b) => b.name.length), ...list.environments.map((e) => e.ref.length));
  for (const b of list.backends) {
    const who = b.state === 'signed-in' && b.identity ? ` as ${b.identity}${b.expiresAt ? ` until ${b.expiresAt}` : ''}` : '';
    lines.push(`  [${b.state === 'signed-in' ? 'x' : ' '}] ${b.name.padEnd(width)}  ${BACKEND_WORDS[b.state]}${who}`);
    if (b.state !== 'signed-in') lines.push(...step(b.next, b.detail));
  }
  lines.push('', 'Environments');
  for (const e of list.environments) {
    lines.push(`  [${e.state === 'ready' ? 'x' : ' '}] ${e.ref.padEnd(width)}  ${ENV_WORDS[e.state]}`);
    if (e.state !== 'ready') lines.push(...step(e.state === 'missing' ? { action: 'request-access', ref: e.ref } : e.next, e.detail));
  }
  const ready = list.environments.find((e) => e.state === 'ready');
  if (ready) lines.push('', `Then: latchkey export ${ready.ref} --out .env   or   latchkey run ${ready.ref} -- <your command>`);
  return lines.join('\n') + '\n';
}

function step(next: BackendStatus['next'], detail: string | null): string[] {
  const command = next ? commandFor(next) : null;
  return [...(detail ? [`        ${detail}`] : []), ...(command ? [`        run: ${command}`] : [])];
}

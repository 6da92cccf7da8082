import type { Command } from 'commander';
import { resolveDataDir } from '../../config/paths';
import { ensurePrivateDir } from '../../fs/atomic';
import { passphraseStoreFile } from '../../identity/open-store';
import { PassphraseStore } from '../../identity/passphrase-store';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { readSecret } from '../prompt';
import { backendsProbe } from './backends-probe';
import { runDoctor } from './doctor';

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('Check the keychain, the data directory, git and every configured backend')
    .option('--json', 'print a JSON report')
    .option('--init-passphrase-store', 'opt in to a passphrase-protected store for machines without a keychain (passphrase from a prompt or stdin)')
    .action(async (opts: { json?: boolean; initPassphraseStore?: boolean }) => {
      if (opts.initPassphraseStore) {
        const dataDir = resolveDataDir(ctx.env);
        await ensurePrivateDir(dataDir);
        const passphrase = await readSecret(ctx.stdin, ctx.io.stderr, 'New passphrase (12+ characters)');
        await PassphraseStore.create(passphraseStoreFile(dataDir), passphrase);
        ctx.rememberPassphrase(passphrase);
        ctx.io.stderr.write('Created a passphrase-protected store. Latchkey asks for the passphrase when the keychain is unavailable.\n');
      }
      const report = await runDoctor(await ctx.services(), [backendsProbe]);
      if (opts.json) {
        printJson(ctx.io, report);
      } else {
        for (const check of report.checks) {
          ctx.io.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(10)} ${check.detail}\n`);
          if (!check.ok && check.hint) ctx.io.stdout.write(`      hint: ${check.hint}\n`);
        }
      }
      if (!report.ok) process.exitCode = 1;
    });
}

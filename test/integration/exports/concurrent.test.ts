import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cliProcess } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { signedInHome } from './export-world';
import { readLedger, sha256 } from './ledger-states';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const RACERS = 10;

describe.skipIf(skip !== null)('exports to one path at once', () => {
  const openbao = inject('openbao');

  it(`one of ${RACERS} processes wins; every other gets CONFLICT naming the winner's id`, async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const results = await Promise.all(
      Array.from({ length: RACERS }, () => cliProcess(['export', 'acme:payments/dev', '--out', out, '--json'], { home })),
    );
    const winners = results.filter((r) => r.code === 0);
    expect(winners, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
    const winner = JSON.parse(winners[0]!.stdout) as { id: string };
    for (const loser of results.filter((r) => r.code !== 0)) {
      expect(loser.code).toBe(4);
      // --json: the error is the JSON envelope on stdout.
      const { error } = JSON.parse(loser.stdout) as { error: { code: string; message: string } };
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain(winner.id);
    }
    const ledger = await readLedger(home);
    expect(ledger.map((r) => r.id)).toEqual([winner.id]);
    expect(sha256(await fs.readFile(out))).toBe(ledger[0]!.contentHash);
    expect(await fs.readdir(work)).toEqual(['.env']);
  }, 60_000);
});

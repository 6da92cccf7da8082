import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cli, cliProcess } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { auditActions, DEV, signedInHome } from './export-world';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip !== null)('exports expire', () => {
  const openbao = inject('openbao');

  it('removes the file when nothing was running at expiry: the next command, a new process, sweeps first', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const made = await cliProcess(['export', DEV, '--out', out, '--ttl', '1s', '--json'], { home });
    expect(made.code, made.stderr).toBe(0);
    const { id } = JSON.parse(made.stdout);
    expect(await fs.readFile(out, 'utf8')).toContain('API_KEY=');
    await sleep(2_000);

    const listed = await cliProcess(['exports', '--json'], { home });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(listed.stderr).toContain(`export ${id} of ${DEV} expired; removed ${out}`);
    expect(JSON.parse(await fs.readFile(path.join(home, 'exports.json'), 'utf8')).exports).toEqual([]);
    const expire = (await auditActions(home)).find((e) => e.action === 'export.expire');
    expect(expire).toMatchObject({ target: DEV, outcome: 'ok', details: { id, fileRemoved: true } });
  });

  it('leaves a file the user edited in place and says so on stderr', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    expect((await cli(['export', DEV, '--out', out, '--ttl', '1s'], { home })).code).toBe(0);
    await fs.appendFile(out, 'MINE=kept-by-user\n');
    await sleep(1_200);
    // Any command sweeps first, even one that has nothing to do with exports.
    const other = await cli(['audit', '--limit', '1'], { home });
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(/edited after export, so Latchkey left it in place/);
    expect(await fs.readFile(out, 'utf8')).toContain('MINE=kept-by-user');
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
  });
});

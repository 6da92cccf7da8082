import { promises as fs } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { cli, cliProcess } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { auditActions, DEV, signedInHome } from './export-world';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey run against a real OpenBao', () => {
  const openbao = inject('openbao');

  it("injects the secrets into a real child, exits with the child's code and writes nothing", async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const check = 'process.exit(process.env.API_KEY === "fake-api-key-not-real" && process.env.PORT === "8080" ? 7 : 1)';
    const result = await cliProcess(['run', DEV, '--', process.execPath, '-e', check, 'arg-that-must-not-be-audited'], { home });
    expect(result.code, result.stderr).toBe(7);
    expect(await fs.readdir(work)).toEqual([]);
    const run = (await auditActions(home)).find((e) => e.action === 'run');
    expect(run).toMatchObject({ target: DEV, outcome: 'ok', details: { keys: 'API_KEY,PORT', command: 'node' } });
    const log = await fs.readFile(`${home}/audit.log`, 'utf8');
    expect(log).not.toContain('arg-that-must-not-be-audited');
    expect(log).not.toContain('fake-api-key-not-real');
  });

  it('--keys injects only those keys', async () => {
    const { home } = await signedInHome(openbao, tempDir);
    const check = 'process.exit(process.env.PORT === "8080" && process.env.API_KEY === undefined ? 0 : 1)';
    const result = await cli(['run', DEV, '--keys', 'PORT', '--', process.execPath, '-e', check], { home });
    expect(result.code, result.stderr).toBe(0);
  });

  it.each([
    ['a NUL character', 'fake\u0000value', /NUL/],
    ['3 MB', 'x'.repeat(3 * 1024 * 1024), /E2BIG.*128 KiB|128 KiB.*E2BIG/],
  ])('refuses a value with %s: names the key and the limit, audits the run as failed', async (_label, value, limit) => {
    const { home, world } = await signedInHome(openbao, tempDir);
    await world.root.put(world.mount, 'payments/dev', { API_KEY: 'fake-api-key-not-real', HUGE_OR_ODD: value });
    const result = await cli(['run', DEV, '--', process.execPath, '-e', '0'], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[BAD_REQUEST\]: .*HUGE_OR_ODD/);
    expect(result.stderr).toMatch(limit);
    expect(result.stderr.length).toBeLessThan(2000);
    const runs = (await auditActions(home)).filter((e) => e.action === 'run');
    expect(runs).toEqual([expect.objectContaining({ outcome: 'failed', details: expect.objectContaining({ code: 'BAD_REQUEST' }) })]);
  });
});

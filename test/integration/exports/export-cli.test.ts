import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { serializerFor, EXPORT_FORMATS } from '../../../electron/exports/serializers';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { auditActions, DEV, DEV_VALUES, signedInHome } from './export-world';
import { makeRepo } from './git-repo';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey export against a real OpenBao', () => {
  const openbao = inject('openbao');

  it('writes every format so that it reads back exactly, 0600, with a header where the format has comments', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    for (const format of EXPORT_FORMATS) {
      const out = path.join(work, `env.${format}`);
      const result = await cli(['export', DEV, '--out', out, '--format', format, '--json'], { home });
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout);
      expect(printed).toMatchObject({ ref: DEV, path: out, format, keys: ['API_KEY', 'PORT'], id: expect.any(String), expiresAt: expect.any(String) });
      // Default TTL: 8 hours.
      expect(Date.parse(printed.expiresAt) - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000);
      const text = await fs.readFile(out, 'utf8');
      expect(serializerFor(format).parse(text)).toEqual(DEV_VALUES);
      expect((await fs.stat(out)).mode & 0o777).toBe(0o600);
      if (format === 'json') expect(text).not.toContain('Latchkey');
      else expect(text).toContain(`# Written by Latchkey from ${DEV}: 2 keys, expires ${printed.expiresAt}.`);
    }
    const listed = JSON.parse((await cli(['exports', '--json'], { home })).stdout);
    expect(listed.map((e: { format: string }) => e.format).sort()).toEqual([...EXPORT_FORMATS].sort());
    const created = (await auditActions(home)).filter((e) => e.action === 'export.create');
    expect(created).toHaveLength(4);
    expect(created[0]).toMatchObject({ outcome: 'ok', target: DEV, details: { keys: 'API_KEY,PORT' } });
    expect(await fs.readFile(path.join(home, 'audit.log'), 'utf8')).not.toContain('fake-api-key-not-real');
  });

  it('--keys exports only those keys, and an unknown key is an error naming it', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    expect((await cli(['export', DEV, '--out', out, '--keys', 'PORT'], { home })).code).toBe(0);
    expect(serializerFor('dotenv').parse(await fs.readFile(out, 'utf8'))).toEqual({ PORT: '8080' });

    const bad = await cli(['export', DEV, '--out', path.join(work, '.env.2'), '--keys', 'PORT,NOT_THERE'], { home });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/error\[NOT_FOUND\]: .*"NOT_THERE"/);
    expect(bad.stderr).toContain(`  run: latchkey secrets ${DEV}\n`);
    await expect(fs.stat(path.join(work, '.env.2'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never overwrites a file it did not write, nor one an active export owns, unless told to', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const mine = path.join(work, '.env');
    await fs.writeFile(mine, 'HAND_WRITTEN=keep-me\n');
    const refused = await cli(['export', DEV, '--out', mine], { home });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/error\[CONFLICT\]: .*already exists and Latchkey did not write it/);
    expect(refused.stderr).toContain("  run: the same command again with --replace (that file's content is lost)\n");
    expect(await fs.readFile(mine, 'utf8')).toBe('HAND_WRITTEN=keep-me\n');
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);

    expect((await cli(['export', DEV, '--out', mine, '--replace'], { home })).code).toBe(0);
    expect(serializerFor('dotenv').parse(await fs.readFile(mine, 'utf8'))).toEqual(DEV_VALUES);

    const again = await cli(['export', DEV, '--out', mine, '--replace'], { home });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/error\[CONFLICT\]: .*already an active export/);
    const [owner] = JSON.parse((await cli(['exports', '--json'], { home })).stdout) as Array<{ id: string }>;
    expect(again.stderr).toContain(`  run: latchkey extend ${owner!.id} --ttl <duration>\n`);
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toHaveLength(1);
  });

  it("refuses a TTL above the profile's maxTtl and says the max", async () => {
    const { home, work } = await signedInHome(openbao, tempDir, { maxTtl: '2h' });
    const result = await cli(['export', DEV, '--out', path.join(work, '.env'), '--ttl', '3h'], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error\[BAD_REQUEST\]: .*the max is 2h/);
    await expect(fs.stat(path.join(work, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("without --ttl the profile's maxTtl still caps the lifetime (the 8 h default and a larger defaultTtl alike)", async () => {
    for (const options of [{ maxTtl: '2h' }, { maxTtl: '2h', defaultTtl: '8h' }]) {
      const { home, work } = await signedInHome(openbao, tempDir, options);
      const result = await cli(['export', DEV, '--out', path.join(work, '.env'), '--json'], { home });
      expect(result.code, result.stderr).toBe(0);
      const left = Date.parse(JSON.parse(result.stdout).expiresAt) - Date.now();
      expect(left).toBeLessThanOrEqual(2 * 3600_000);
      expect(left).toBeGreaterThan(2 * 3600_000 - 60_000);
    }
  });

  it('without a profile max, no export outlives 30 days: not at creation, not by extending', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const over = await cli(['export', DEV, '--out', path.join(work, 'a.env'), '--ttl', '31d'], { home });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/error\[BAD_REQUEST\]: .*Latchkey allows .*the max is 30d/);
    const made = await cli(['export', DEV, '--out', path.join(work, 'b.env'), '--ttl', '29d', '--json'], { home });
    expect(made.code, made.stderr).toBe(0);
    const { id } = JSON.parse(made.stdout);
    const stretched = await cli(['extend', id, '--ttl', '30d'], { home });
    expect(stretched.code).toBe(2);
    expect(stretched.stderr).toMatch(/the max is 30d from the export's creation/);
    expect((await cli(['extend', id, '--ttl', '29d'], { home })).code).toBe(0);
  });

  it('refuses a file git would not ignore, and with --allow-unignored writes it, audits the override and warns on stderr', async () => {
    const { home } = await signedInHome(openbao, tempDir);
    const repo = makeRepo(await tempDir(), { 'config/.env.example': 'API_KEY=\n' }, ['config/.env.example']);
    const out = path.join(repo, '.env');
    const refused = await cli(['export', DEV, '--out', out], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[UNSAFE_TARGET]');
    expect(refused.stderr).toContain('/.env'); // the .gitignore line to add
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });

    const forced = await cli(['export', DEV, '--out', out, '--allow-unignored'], { home });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('config/.env.example');
    expect(forced.stdout).not.toContain('fake-api-key-not-real');
    const override = (await auditActions(home)).find((e) => e.action === 'export.override');
    expect(override).toMatchObject({ target: DEV, outcome: 'ok', details: { path: out } });
  });

  it('revoke removes the file now and audits it; extend works within the max and names it beyond', async () => {
    const { home, work } = await signedInHome(openbao, tempDir, { maxTtl: '3h' });
    const out = path.join(work, '.env');
    const { id } = JSON.parse((await cli(['export', DEV, '--out', out, '--ttl', '1h', '--json'], { home })).stdout);

    const extended = await cli(['extend', id, '--ttl', '2h', '--json'], { home });
    expect(extended.code, extended.stderr).toBe(0);
    const expiresAt = JSON.parse(extended.stdout).expiresAt;
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(await fs.readFile(out, 'utf8')).toContain(`expires ${expiresAt}.`);
    expect((await fs.stat(out)).mode & 0o777).toBe(0o600); // extend rewrote the file: still only ours to read
    const over = await cli(['extend', id, '--ttl', '4h'], { home });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/the max is 3h/);

    const revoked = await cli(['revoke', id], { home });
    expect(revoked.code, revoked.stderr).toBe(0);
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
    expect((await auditActions(home)).map((e) => e.action)).toEqual(expect.arrayContaining(['export.extend', 'export.revoke']));
    expect((await cli(['revoke', id], { home })).code).toBe(4);
  });
});

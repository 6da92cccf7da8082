import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey secrets against a real OpenBao', () => {
  const openbao = inject('openbao');

  async function home() {
    const world = await acmeWorld(openbao);
    const dir = await tempDir();
    const file = path.join(dir, 'team.json');
    await fs.writeFile(file, JSON.stringify(world.profile));
    await cli(['profile', 'import', file], { home: dir });
    expect((await cli(['login', 'acme', '--token-stdin'], { home: dir, stdin: world.token })).code).toBe(0);
    return dir;
  }

  it('shows names, versions and ages, never values', async () => {
    const dir = await home();
    const result = await cli(['secrets', 'acme:payments/dev', '--json'], { home: dir });
    expect(result.code, result.stderr).toBe(0);
    const described = JSON.parse(result.stdout);
    expect(described.secrets.map((s: { key: string }) => s.key)).toEqual(['API_KEY', 'PORT']);
    expect(described.secrets[0]).toMatchObject({ version: 1, ageDays: 0, stale: false });
    expect(result.stdout).not.toContain('fake-api-key-not-real');
    const text = await cli(['secrets', 'acme:payments/dev'], { home: dir });
    expect(text.stdout).toMatch(/API_KEY\s+v1\s+0 days old/);
    expect(text.stdout).not.toContain('fake-api-key-not-real');
  });

  it('says when the answer was read and how long it stays in memory (LATCHKEY_CACHE_TTL, at most 60 min)', async () => {
    const dir = await home();
    const json = JSON.parse((await cli(['secrets', 'acme:payments/dev', '--json'], { home: dir })).stdout);
    expect(json).toMatchObject({ fromCache: false, readAt: expect.any(String) });
    expect(Date.parse(json.cachedUntil) - Date.parse(json.readAt)).toBe(15 * 60_000);
    expect((await cli(['secrets', 'acme:payments/dev'], { home: dir })).stdout).toMatch(/\n\(read now, kept in memory for 15 min\)\n$/);
    const capped = await cli(['secrets', 'acme:payments/dev'], { home: dir, env: { LATCHKEY_CACHE_TTL: '3h' } });
    expect(capped.stdout).toContain('(read now, kept in memory for 60 min)');
    const off = await cli(['secrets', 'acme:payments/dev'], { home: dir, env: { LATCHKEY_CACHE_TTL: '0' } });
    expect(off.stdout).toContain('(read now, not kept in memory)');
    const bad = await cli(['secrets', 'acme:payments/dev'], { home: dir, env: { LATCHKEY_CACHE_TTL: 'soon' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('LATCHKEY_CACHE_TTL "soon" is not a duration');
  });

  it('`latchkey cache clear` empties the value cache', async () => {
    const dir = await home();
    expect(await cli(['cache', 'clear'], { home: dir })).toMatchObject({ code: 0, stdout: 'Cleared the value cache (0 environments).\n' });
    expect(JSON.parse((await cli(['cache', 'clear', '--json'], { home: dir })).stdout)).toEqual({ cleared: 0 });
  });

  it('--reveal prints one value and writes an audit entry naming the key, not the value', async () => {
    const dir = await home();
    const result = await cli(['secrets', 'acme:payments/dev', '--reveal', 'API_KEY'], { home: dir });
    expect(result).toMatchObject({ code: 0, stdout: 'fake-api-key-not-real\n' });
    const audit = JSON.parse((await cli(['audit', '--json'], { home: dir })).stdout) as Array<Record<string, any>>;
    const reveal = audit.find((e) => e.action === 'secret.reveal');
    expect(reveal).toMatchObject({ target: 'acme:payments/dev', outcome: 'ok', details: { key: 'API_KEY' } });
    expect(reveal!.actor.device).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4})+$/);
    expect(await fs.readFile(path.join(dir, 'audit.log'), 'utf8')).not.toContain('fake-api-key-not-real');
  });

  it('refuses to reveal from an environment the token cannot read, and audits the refusal', async () => {
    const dir = await home();
    const result = await cli(['secrets', 'acme:payments/staging', '--reveal', 'API_KEY'], { home: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error\[FORBIDDEN\]: .*acme/);
    expect(result.stdout).toBe('');
    const audit = JSON.parse((await cli(['audit', '--json'], { home: dir })).stdout) as Array<{ action: string; outcome: string }>;
    expect(audit.at(-1)).toMatchObject({ action: 'secret.reveal', outcome: 'denied' });
  });

  it('rejects a malformed ref with the expected shape', async () => {
    const result = await cli(['secrets', 'payments-staging'], { home: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected <backend>:<project>/<env>');
  });
});

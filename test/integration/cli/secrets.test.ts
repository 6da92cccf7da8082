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

import { describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey backends and login', () => {
  const openbao = inject('openbao');

  it('adds, lists, signs in to and removes a backend, deleting its token', async () => {
    const home = await tempDir();
    const world = await acmeWorld(openbao);
    const add = await cli(['backends', 'add', 'vault', '--name', 'acme', '--url', openbao.address, '--kv-mount', world.mount], { home });
    expect(add, add.stderr).toMatchObject({ code: 0 });
    expect((await cli(['backends', 'add', 'vault', '--name', 'acme', '--url', openbao.address], { home })).code).toBe(4);

    const before = JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout);
    expect(before).toEqual([{ name: 'acme', kind: 'vault', url: openbao.address, authMethod: 'token', signedIn: false }]);

    const login = await cli(['login', 'acme', '--token-stdin'], { home, stdin: `${world.token}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`${world.mount}-dev-read`);
    expect(login.stdout + login.stderr).not.toContain(world.token);
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)[0].signedIn).toBe(true);

    const doctor = JSON.parse((await cli(['doctor', '--json'], { home })).stdout);
    expect(doctor.checks.find((c: { name: string }) => c.name === 'backend acme')).toMatchObject({ ok: true, detail: expect.stringContaining('signed in') });

    expect((await cli(['backends', 'remove', 'acme'], { home })).stdout).toContain('and its token');
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)).toEqual([]);
    // Adding it again must not find the old token in the keychain.
    await cli(['backends', 'add', 'vault', '--name', 'acme', '--url', openbao.address], { home });
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)[0].signedIn).toBe(false);
  });

  it('audits logins, failed ones too, without the token', async () => {
    const home = await tempDir();
    await cli(['backends', 'add', 'vault', '--name', 'acme', '--url', openbao.address], { home });
    const bad = await cli(['login', 'acme', '--token-stdin'], { home, stdin: 'fake-token-not-real' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^error\[(UNAUTHENTICATED|FORBIDDEN)\]: .*acme/);
    expect(bad.stderr).not.toContain('fake-token-not-real');
    const world = await acmeWorld(openbao);
    expect((await cli(['login', 'acme'], { home, stdin: world.token })).code).toBe(0);
    const audit = JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<{ action: string; outcome: string; target: string }>;
    expect(audit.filter((e) => e.action === 'login').map((e) => [e.target, e.outcome])).toEqual([
      ['acme', 'failed'],
      ['acme', 'ok'],
    ]);
    const raw = JSON.stringify(audit);
    expect(raw).not.toContain('fake-token-not-real');
    expect(raw).not.toContain(world.token);
  });

  it('rejects a bad flag with the field that is wrong', async () => {
    const result = await cli(['backends', 'add', 'vault', '--name', 'Acme Vault', '--url', 'http://127.0.0.1:1'], { home: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[BAD_REQUEST\]: .*name: /);
    const kind = await cli(['backends', 'add', 'consul', '--name', 'x', '--url', 'http://127.0.0.1:1'], { home: await tempDir() });
    expect(kind.stderr).toContain('Unknown backend kind "consul"');
  });
});

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
    // There was no session yet: say the pasted token was refused, not that a session is no longer valid.
    expect(bad.stderr).toMatch(/^error\[UNAUTHENTICATED\]: acme \(Vault at \S+\) refused the token: it is wrong, expired or revoked\./);
    expect(bad.stderr).not.toContain('no longer valid');
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

  it('refuses plain http:// to another machine unless --insecure-http, audits the opt-in and warns on every use', async () => {
    const home = await tempDir();
    const add = ['backends', 'add', 'vault', '--name', 'lab', '--url', 'http://vault.lab.test:8200'];
    const refused = await cli(add, { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error\[BAD_REQUEST\]: .*url: plain http:\/\/ to vault\.lab\.test:8200 would send tokens and secrets unencrypted/);
    expect(refused.stderr).toContain('run: the same command again with --insecure-http');
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)).toEqual([]);

    const allowed = await cli([...add, '--insecure-http'], { home });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('warning: lab uses plain http://');
    const audit = JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<{ action: string; details: Record<string, unknown> }>;
    expect(audit.find((e) => e.action === 'backend.add')?.details).toMatchObject({ url: 'http://vault.lab.test:8200', insecureHttp: true });
    // Every command that uses the backend says so on stderr, even when it then fails (not signed in here).
    for (const args of [['envs'], ['secrets', 'lab:payments/dev'], ['login', 'lab', '--token-stdin']]) {
      const used = await cli(args, { home, stdin: 'fake-token-not-real' });
      expect(used.stderr, args.join(' ')).toContain('warning: lab uses plain http:// to vault.lab.test:8200 (allowInsecureHttp)');
    }
    // Loopback needs no opt-in: plain http:// there never crosses a network.
    expect((await cli(['backends', 'add', 'vault', '--name', 'local', '--url', 'http://127.0.0.1:8200'], { home })).stderr).not.toContain('warning');
  });

  it('refuses a user name or password in the URL, and keeps it out of backends.json and the audit log', async () => {
    const home = await tempDir();
    const result = await cli(['backends', 'add', 'vault', '--name', 'acme', '--url', 'https://ops:fake-pass-not-real@vault.acme.test'], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[BAD_REQUEST\]: .*url: must not contain a user name or password/);
    expect(result.stdout + result.stderr).not.toContain('fake-pass-not-real');
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)).toEqual([]);
    expect((await cli(['audit', '--json'], { home })).stdout).not.toContain('fake-pass-not-real');
  });

  it('rejects a bad flag with the field that is wrong', async () => {
    const result = await cli(['backends', 'add', 'vault', '--name', 'Acme Vault', '--url', 'http://127.0.0.1:1'], { home: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[BAD_REQUEST\]: .*name: /);
    const kind = await cli(['backends', 'add', 'consul', '--name', 'x', '--url', 'http://127.0.0.1:1'], { home: await tempDir() });
    expect(kind.stderr).toContain('Unknown backend kind "consul"');
  });
});

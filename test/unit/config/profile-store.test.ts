import { describe, expect, it } from 'vitest';
import { parseTeamProfile, ProfileStore } from '../../../electron/config/profile-store';
import { BackendsStore } from '../../../electron/config/backends-store';
import { useTempDirs } from '../../support/temp-dir';
import { vaultConfig } from '../catalog/fake-backend';

const tempDir = useTempDirs();

const envs = (refs: string[]) => refs.map((ref) => ({ ref }));

describe('team profile', () => {
  it('names the JSON path of a bad environment ref', () => {
    const text = JSON.stringify({ version: 1, team: 'acme', environments: envs(['a:p/dev', 'a:p/qa', 'a:p/stg', 'payments-staging']) });
    expect(() => parseTeamProfile(text, 'team.json')).toThrow('environments[3].ref: expected <backend>:<project>/<env>');
  });

  it('names the path of a bad backend field', () => {
    const text = JSON.stringify({ version: 1, team: 'acme', backends: [{ name: 'acme', kind: 'vault', url: 'not a url' }] });
    expect(() => parseTeamProfile(text, 'team.json')).toThrow(/backends\[0\]\.url: /);
  });

  it('says when the file is not JSON at all', () => {
    expect(() => parseTeamProfile('{ nope', 'team.json')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('not valid JSON') }));
  });

  it('rejects the same environment listed twice', () => {
    const text = JSON.stringify({ version: 1, team: 'acme', environments: envs(['a:p/dev', 'a:p/dev']) });
    expect(() => parseTeamProfile(text, 'team.json')).toThrow('environments[1].ref');
  });

  it('round-trips through profile.json', async () => {
    const store = new ProfileStore(await tempDir());
    expect(await store.load()).toBeNull();
    const profile = parseTeamProfile(JSON.stringify({ version: 1, team: 'acme', environments: [{ ref: 'a:p/dev', maxTtl: '8h' }] }), 'x');
    await store.save(profile);
    expect(await store.load()).toEqual(profile);
  });

  it.each([
    [{ onboardingUrl: 'https://wiki.acme.test' }, 'onboardingUrl: unknown field'],
    [{ environments: [{ ref: 'a:p/dev', maxTTL: '8h' }] }, 'environments[0].maxTTL: unknown field'],
    [{ roles: [{ name: 'dev', environments: [], admin: true }] }, 'roles[0].admin: unknown field'],
    [{ backends: [{ name: 'a', kind: 'vault', url: 'https://v.test', token: 'fake-token-not-real' }] }, 'backends[0].token: unknown field'],
    [{ backends: [{ name: 'a', kind: 'vault', url: 'https://v.test', auth: { method: 'token', secretId: 'x' } }] }, 'backends[0].auth.secretId: unknown field'],
  ])('refuses an unknown field, naming its path: %j', (extra, message) => {
    const text = JSON.stringify({ version: 1, team: 'acme', ...extra });
    expect(() => parseTeamProfile(text, 'team.json')).toThrow(message);
  });

  it.each([
    ['0s', 'must be longer than 0 seconds'],
    ['0d', 'must be longer than 0 seconds'],
    ['366d', 'must be at most 1 year'],
    ['8761h', 'must be at most 1 year'],
    ['99999999999999999999d', 'must be at most 1 year'],
  ])('refuses a duration of %s, naming the field', (ttl, message) => {
    for (const field of ['maxTtl', 'defaultTtl']) {
      const text = JSON.stringify({ version: 1, team: 'acme', environments: [{ ref: 'a:p/dev' }, { ref: 'a:p/qa', [field]: ttl }] });
      expect(() => parseTeamProfile(text, 'team.json')).toThrow(`environments[1].${field}: ${message}`);
    }
  });

  it('accepts durations up to exactly one year', () => {
    const text = JSON.stringify({ version: 1, team: 'acme', environments: [{ ref: 'a:p/dev', defaultTtl: '1s', maxTtl: '365d' }] });
    expect(parseTeamProfile(text, 'team.json').environments[0]).toMatchObject({ defaultTtl: '1s', maxTtl: '365d' });
  });

  it('refuses a profile over 16 MiB with its size, before parsing it', () => {
    // Not JSON at all: a size check that ran after parsing would report a syntax error instead.
    const text = 'x'.repeat(16 * 1024 * 1024 + 1);
    expect(() => parseTeamProfile(text, 'team.json')).toThrow(/^team\.json is 16\.0 MiB \(16777217 bytes\); a team profile may be at most 16\.0 MiB\.$/);
  });

  it.each([
    [{ environments: [{ ref: 'a:p/dev', path: '../../sys/policy' }] }, 'environments[0].path: must not contain'],
    [{ environments: [{ ref: 'a:p/dev', path: 'payments/./dev' }] }, 'environments[0].path: must not contain'],
    [{ environments: [{ ref: 'a:p/dev', dynamic: [{ variable: 'DB', path: 'database/../sys/policy', template: 'x' }] }] }, 'environments[0].dynamic[0].path: must not contain'],
    [{ environments: [{ ref: 'a:../..' }] }, 'environments[0].ref: project and env must not be'],
    [{ roles: [{ name: 'r', environments: ['a:p/..'] }] }, 'roles[0].environments[0]: project and env must not be'],
    [{ backends: [{ name: 'a', kind: 'vault', url: 'https://v.test', kvMount: 'secret/../sys' }] }, 'backends[0].kvMount: must not contain'],
    [{ backends: [{ name: 'a', kind: 'vault', url: 'https://v.test', auth: { method: 'userpass', mount: '..' } }] }, 'backends[0].auth.mount: must not contain'],
  ])('refuses "." and ".." segments that would leave the mount: %j', (extra, message) => {
    const text = JSON.stringify({ version: 1, team: 'acme', ...extra });
    expect(() => parseTeamProfile(text, 'team.json')).toThrow(message);
  });

  it('refuses a user name or password in a backend URL without repeating it', () => {
    const text = JSON.stringify({ version: 1, team: 'acme', backends: [{ name: 'a', kind: 'vault', url: 'https://ops:fake-pass-not-real@v.test' }] });
    expect(() => parseTeamProfile(text, 'team.json')).toThrow('backends[0].url: must not contain a user name or password');
    expect(() => parseTeamProfile(text, 'team.json')).not.toThrow(/fake-pass-not-real/);
  });

  it('refuses plain http:// to another machine unless the backend allows it explicitly', () => {
    const remote = { name: 'a', kind: 'vault', url: 'http://vault.acme.test:8200' };
    const refused = JSON.stringify({ version: 1, team: 'acme', backends: [remote] });
    expect(() => parseTeamProfile(refused, 'team.json')).toThrow(expect.objectContaining({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('backends[0].url: plain http:// to vault.acme.test:8200'),
      hint: expect.stringContaining('"allowInsecureHttp": true'),
    }));
    const allowed = JSON.stringify({ version: 1, team: 'acme', backends: [{ ...remote, allowInsecureHttp: true }] });
    expect(parseTeamProfile(allowed, 'team.json').backends[0]).toMatchObject({ allowInsecureHttp: true });
    for (const url of ['http://127.0.0.1:8200', 'http://localhost:8200', 'http://[::1]:8200', 'https://vault.acme.test']) {
      const text = JSON.stringify({ version: 1, team: 'acme', backends: [{ ...remote, url }] });
      expect(parseTeamProfile(text, 'team.json').backends[0]!.url).toBe(url);
    }
  });
});

describe('backends.json', () => {
  it('adds, replaces by name and removes backends; holds no token', async () => {
    const dir = await tempDir();
    const store = new BackendsStore(dir);
    expect(await store.upsert(vaultConfig('acme'))).toBe('added');
    expect(await store.upsert({ ...vaultConfig('acme'), url: 'http://127.0.0.1:2' })).toBe('updated');
    expect((await store.list()).map((b) => b.url)).toEqual(['http://127.0.0.1:2']);
    await store.remove('acme');
    expect(await store.list()).toEqual([]);
    await expect(store.remove('acme')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a damaged file with the bad field instead of crashing', async () => {
    const dir = await tempDir();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/backends.json`, JSON.stringify({ version: 1, backends: [{ name: 'Bad Name', kind: 'vault', url: 'http://x' }] }));
    await expect(new BackendsStore(dir).list()).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('backends[0].name') });
  });
});

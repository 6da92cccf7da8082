import { describe, expect, it } from 'vitest';
import { parseTeamProfile, ProfileStore } from '../../../electron/catalog/profile-store';
import { BackendsStore } from '../../../electron/config/backends-store';
import { useTempDirs } from '../../support/temp-dir';
import { vaultConfig } from './fake-backend';

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

  it('round-trips through profile.json and keeps unknown fields', async () => {
    const store = new ProfileStore(await tempDir());
    expect(await store.load()).toBeNull();
    const profile = parseTeamProfile(JSON.stringify({ version: 1, team: 'acme', environments: envs(['a:p/dev']), onboardingUrl: 'https://wiki.acme.test' }), 'x');
    await store.save(profile);
    expect(await store.load()).toEqual(profile);
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

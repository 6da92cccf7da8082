import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseDotenv } from '../../../electron/exports/serializers/dotenv';
import { parseJson } from '../../../electron/exports/serializers/json';
import { parseShell } from '../../../electron/exports/serializers/shell';
import { parseDocker } from '../../../electron/exports/serializers/docker';
import { startSampleTeam, type SampleTeam } from '../../fakes/sample-team';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { rootClient } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

// Secret names are data from a server. These two are also names on Object.prototype: a key → value map
// with a prototype drops a real `__proto__` key and answers a lookup of `toString` with a function.
// Built from JSON text: an object literal `{ __proto__: … }` would set a prototype, not a key.
const HOSTILE = JSON.parse('{"__proto__":"fake-proto-value-not-real","constructor":"fake-constructor-value"}') as Record<string, string>;
const parsers = { dotenv: parseDotenv, json: parseJson, shell: parseShell, docker: parseDocker } as const;

interface World {
  home: string;
  ref: string;
}

const uniqueName = (kind: string) => `${kind}-${randomBytes(3).toString('hex')}`;

describe.skipIf(skip !== null)('secret names that are Object.prototype members, on every kind of backend', () => {
  const openbao = inject('openbao');
  let team: SampleTeam;
  beforeAll(async () => {
    team = await startSampleTeam({ openbao: false });
  });
  afterAll(() => team?.stop());

  async function signIn(kind: string, url: string, login: string[], stdin: string, ref: (name: string) => string): Promise<World> {
    const name = uniqueName(kind);
    const home = await tempDir();
    expect((await cli(['backends', 'add', kind, '--name', name, '--url', url], { home })).code).toBe(0);
    const result = await cli(['login', name, ...login], { home, stdin });
    expect(result.code, result.stderr).toBe(0);
    return { home, ref: ref(name) };
  }

  const worlds: Record<'vault' | 'infisical' | 'doppler', () => Promise<World>> = {
    async vault() {
      const root = rootClient(openbao.address, openbao.token);
      const mount = await root.kvMount();
      await root.put(mount, 'payments/dev', { ...HOSTILE, API_KEY: 'fake-api-key-not-real' });
      const name = uniqueName('vault');
      const home = await tempDir();
      const profile = { version: 1, team: 'acme', backends: [{ name, kind: 'vault', url: openbao.address, kvMount: mount }], environments: [{ ref: `${name}:payments/dev` }] };
      await fs.writeFile(path.join(home, 'team.json'), JSON.stringify(profile));
      expect((await cli(['profile', 'import', path.join(home, 'team.json')], { home })).code).toBe(0);
      expect((await cli(['login', name, '--token-stdin'], { home, stdin: openbao.token })).code).toBe(0);
      return { home, ref: `${name}:payments/dev` };
    },
    async infisical() {
      const { url, clientId, clientSecret } = team.info.infisical;
      const login = await (await fetch(`${url}/api/v1/auth/universal-auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId, clientSecret }),
      })).json() as { accessToken: string };
      for (const [key, value] of Object.entries(HOSTILE)) {
        const res = await fetch(`${url}/api/v3/secrets/raw/${key}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
          body: JSON.stringify({ workspaceSlug: 'web-app', environment: 'dev', secretPath: '/', secretValue: value, type: 'shared' }),
        });
        expect(res.status, await res.text()).toBe(200);
      }
      return signIn('infisical', url, ['--client-id', clientId, '--client-secret-stdin'], clientSecret, (n) => `${n}:web-app/dev`);
    },
    async doppler() {
      const { url, personalToken } = team.info.doppler;
      const res = await fetch(`${url}/v3/configs/config/secrets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${personalToken}` },
        body: JSON.stringify({ project: 'web', config: 'dev', secrets: HOSTILE }),
      });
      expect(res.status, await res.text()).toBe(200);
      return signIn('doppler', url, ['--token-stdin'], personalToken, (n) => `${n}:web/dev`);
    },
  };

  for (const kind of ['vault', 'infisical', 'doppler'] as const) {
    it(`${kind}: --reveal of a built-in name is NOT_FOUND; a real __proto__ key survives read, reveal, export and parse`, async () => {
      const { home, ref } = await worlds[kind]();
      for (const builtIn of ['toString', 'hasOwnProperty', 'valueOf']) {
        const result = await cli(['secrets', ref, '--reveal', builtIn], { home });
        expect(result.code, result.stdout).toBe(4);
        expect(result.stderr).toMatch(/^error\[NOT_FOUND\]: /);
      }
      const listed = JSON.parse((await cli(['secrets', ref, '--json'], { home })).stdout) as { secrets: Array<{ key: string }> };
      expect(listed.secrets.map((s) => s.key)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
      for (const [key, value] of Object.entries(HOSTILE)) {
        expect(await cli(['secrets', ref, '--reveal', key], { home })).toMatchObject({ code: 0, stdout: `${value}\n` });
      }

      for (const [format, parse] of Object.entries(parsers)) {
        for (const keys of [undefined, '__proto__,constructor']) {
          const out = path.join(await tempDir(), `secrets.${format}`);
          const made = await cli(['export', ref, '--out', out, '--format', format, ...(keys ? ['--keys', keys] : [])], { home });
          expect(made.code, made.stderr).toBe(0);
          const parsed = parse(await fs.readFile(out, 'utf8'));
          expect(Object.getPrototypeOf(parsed), `${format} parse`).toBeNull();
          for (const [key, value] of Object.entries(HOSTILE)) {
            expect(Object.hasOwn(parsed, key), `${format} ${keys ?? 'all keys'}: ${key}`).toBe(true);
            expect(parsed[key]).toBe(value);
          }
        }
      }
    });
  }
});

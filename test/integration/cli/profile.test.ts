import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

const profile = {
  version: 1,
  team: 'acme',
  backends: [{ name: 'acme', kind: 'vault', url: 'http://127.0.0.1:8200', kvMount: 'teams' }],
  environments: [{ ref: 'acme:payments/dev' }, { ref: 'acme:payments/staging', approvers: ['lead@acme.test'] }],
  roles: [{ name: 'payments', environments: ['acme:payments/dev'] }],
};

describe.skipIf(skip !== null)('latchkey profile', () => {
  it('imports a profile, registers and merges its backends, and shows it', async () => {
    const home = await tempDir();
    await cli(['backends', 'add', 'vault', '--name', 'acme', '--url', 'http://127.0.0.1:9999'], { home });
    await cli(['backends', 'add', 'vault', '--name', 'other', '--url', 'http://127.0.0.1:9998'], { home });
    const file = path.join(home, 'team.json');
    await fs.writeFile(file, JSON.stringify(profile));
    // acme moves from :9999 to :8200: a change of server needs the person's say-so.
    expect((await cli(['profile', 'import', file, '--json'], { home })).code).toBe(4);
    const result = await cli(['profile', 'import', file, '--json', '--accept-changes'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      team: 'acme',
      environments: 2,
      roles: ['payments'],
      backends: [{
        name: 'acme', kind: 'vault', url: 'http://127.0.0.1:8200', result: 'updated', signedOut: false, insecureHttp: false,
        changes: [{ backend: 'acme', field: 'url', from: 'http://127.0.0.1:9999', to: 'http://127.0.0.1:8200' }],
      }],
    });
    const backends = JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout) as Array<{ name: string; url: string }>;
    expect(backends.map((b) => [b.name, b.url])).toEqual([
      ['acme', 'http://127.0.0.1:8200'],
      ['other', 'http://127.0.0.1:9998'],
    ]);
    const shown = JSON.parse((await cli(['profile', 'show', '--json'], { home })).stdout);
    expect(shown).toMatchObject({ team: 'acme', environments: [{ ref: 'acme:payments/dev' }, { approvers: ['lead@acme.test'] }] });
    expect((await cli(['profile', 'show'], { home })).stdout).toContain('acme:payments/staging  (approvers lead@acme.test)');
  });

  it('names the JSON path of the bad field and changes nothing', async () => {
    const home = await tempDir();
    const file = path.join(home, 'team.json');
    const bad = { ...profile, environments: [...profile.environments, { ref: 'acme:x/y' }, { ref: 'payments-prod' }] };
    await fs.writeFile(file, JSON.stringify(bad));
    const result = await cli(['profile', 'import', file], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('environments[3].ref: expected <backend>:<project>/<env>');
    expect((await cli(['profile', 'show'], { home })).code).toBe(4);
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)).toEqual([]);
  });

  it('refuses a profile over 16 MiB with its size, and changes nothing', async () => {
    const home = await tempDir();
    const file = path.join(home, 'team.json');
    // Valid JSON padded past the limit: the size, not a parse error, must be what is reported.
    await fs.writeFile(file, JSON.stringify(profile) + ' '.repeat(17 * 1024 * 1024));
    const result = await cli(['profile', 'import', file], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[BAD_REQUEST\]: team\.json is 17\.0 MiB \(\d+ bytes\); a team profile may be at most 16\.0 MiB\./);
    expect((await cli(['profile', 'show'], { home })).code).toBe(4);
  });

  it('says when the file does not exist', async () => {
    const result = await cli(['profile', 'import', '/nonexistent/team.json'], { home: await tempDir() });
    expect(result).toMatchObject({ code: 4 });
    expect(result.stderr).toContain('Cannot read the team profile');
  });
});

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { startHeaderLogger } from '../../support/header-logger';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** Every command a person might run next that talks to the backend (each may fail: the point is what it sends). */
const USES = [['envs'], ['secrets', 'acme:payments/dev'], ['secrets', 'acme:payments/dev', '--reveal', 'API_KEY'], ['doctor'], ['logout', 'acme']];

describe.skipIf(skip !== null)('a stored token only goes to the server it was made for', () => {
  const openbao = inject('openbao');
  const loggers: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => Promise.all(loggers.map((l) => l.close())));

  async function signedIn() {
    const world = await acmeWorld(openbao);
    const home = await tempDir();
    const file = path.join(home, 'team.json');
    await fs.writeFile(file, JSON.stringify(world.profile));
    expect((await cli(['profile', 'import', file], { home })).code).toBe(0);
    const login = await cli(['login', 'acme', '--token-stdin'], { home, stdin: world.token });
    expect(login.code, login.stderr).toBe(0);
    const logger = await startHeaderLogger();
    loggers.push(logger);
    return { world, home, file, logger };
  }

  it('refuses a profile that re-points a backend, and on --accept-changes deletes the token first', async () => {
    const { world, home, file, logger } = await signedIn();
    const moved = { ...world.profile, backends: [{ ...world.profile.backends[0], url: logger.url }] };
    await fs.writeFile(file, JSON.stringify(moved));

    const refused = await cli(['profile', 'import', file], { home });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error\[CONFLICT\]: /);
    expect(refused.stderr).toContain(`url ${openbao.address} → ${logger.url}`);
    expect(refused.stderr).toContain('--accept-changes');
    // Nothing changed: still the old server, still signed in, and it still answers.
    const listed = JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout);
    expect(listed).toEqual([expect.objectContaining({ name: 'acme', url: openbao.address, signedIn: true })]);
    expect((await cli(['envs'], { home })).stdout).toMatch(/acme:payments\/dev\s+granted/);

    const session = path.join(home, 'sessions', 'acme.json'); // Vault's token metadata (expiry), kept beside the keychain entry
    await expect(fs.stat(session)).resolves.toBeTruthy();
    const accepted = await cli(['profile', 'import', file, '--accept-changes'], { home });
    expect(accepted.code, accepted.stderr).toBe(0);
    await expect(fs.stat(session)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(accepted.stdout).toContain(`url ${openbao.address} → ${logger.url}`);
    expect(accepted.stdout).toContain('latchkey login acme');
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)[0]).toMatchObject({ url: logger.url, signedIn: false });

    for (const args of USES) await cli(args, { home });
    expect(logger.requests).toBeGreaterThan(0); // doctor's health check reached it: the listener was live
    expect(logger.received).not.toContain(world.token);

    const audit = JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<{ action: string; details: Record<string, unknown> }>;
    const imported = audit.filter((e) => e.action === 'profile.import').at(-1)!;
    expect(imported.details).toMatchObject({ repointed: 'acme', signedOut: 'acme' });
    expect(audit.find((e) => e.action === 'backend.repoint')?.details).toEqual({ changes: `url ${openbao.address} → ${logger.url}`, signedOut: true });
  });

  it('refuses backends add --replace that changes the server unless the change is accepted', async () => {
    const { world, home, logger } = await signedIn();
    const replace = ['backends', 'add', 'vault', '--name', 'acme', '--url', logger.url, '--kv-mount', world.mount, '--replace'];
    const refused = await cli(replace, { home });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`url ${openbao.address} → ${logger.url}`);
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)[0]).toMatchObject({ url: openbao.address, signedIn: true });

    const accepted = await cli([...replace, '--accept-changes'], { home });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(`url ${openbao.address} → ${logger.url}`);
    for (const args of USES) await cli(args, { home });
    expect(logger.requests).toBeGreaterThan(0);
    expect(logger.received).not.toContain(world.token);
  });

  it('keeps the token when a re-import changes nothing about where the backend is', async () => {
    const { world, home, file } = await signedIn();
    await fs.writeFile(file, JSON.stringify({ ...world.profile, environments: [{ ref: 'acme:payments/dev' }] }));
    const again = await cli(['profile', 'import', file], { home });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)[0]).toMatchObject({ signedIn: true });
  });

  it('never sends a token to a server other than the one it was signed in to, even if backends.json is edited by hand', async () => {
    const { world, home, logger } = await signedIn();
    const file = path.join(home, 'backends.json');
    const stored = JSON.parse(await fs.readFile(file, 'utf8'));
    stored.backends[0].url = logger.url;
    await fs.writeFile(file, JSON.stringify(stored));

    const secrets = await cli(['secrets', 'acme:payments/dev'], { home });
    expect(secrets.code).toBe(3);
    expect(secrets.stderr).toMatch(/^error\[UNAUTHENTICATED\]: .*acme/);
    expect(secrets.stderr).toContain('latchkey login acme');
    for (const args of USES) await cli(args, { home });
    expect(logger.requests).toBeGreaterThan(0);
    expect(logger.received).not.toContain(world.token);
  });
});

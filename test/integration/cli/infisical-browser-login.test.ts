import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { cli, cliStarted } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

// `latchkey login <infisical> --user`, the way `infisical login` works: the CLI listens on 127.0.0.1, prints the
// simulator's /login?callback_port=… address; real Chromium signs in there, picks the organization, and the page
// POSTs the token back to the CLI. Driven through runCli, with a real keychain.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;
const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey login --user (Infisical browser sign-in) in real Chromium', () => {
  let sim: InfisicalSimulator;
  let browser: Browser;
  beforeAll(async () => {
    sim = await startInfisicalSimulator({ seed: 'sample' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  async function backend() {
    const home = await tempDir();
    const name = `inf-${randomBytes(3).toString('hex')}`;
    expect((await cli(['backends', 'add', 'infisical', '--name', name, '--url', sim.url, '--auth', 'user'], { home })).code).toBe(0);
    return { home, name };
  }

  async function addressPrinted(output: () => { stderr: string }): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const found = /http:\/\/127\.0\.0\.1:\d+\/login\?callback_port=\d+/.exec(output().stderr);
      if (found) return found[0];
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no sign-in address printed: ${output().stderr}`);
  }

  /** What a person does on the page: email, password, then the organization. */
  async function signInOnPage(page: Page, url: string, user: { email: string; password: string }, org: string) {
    await page.goto(url);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', user.password);
    await page.click('button[type=submit]');
    await page.click(`button.org:has-text("${org}")`);
    await page.waitForURL((u) => u.pathname === '/cli-redirect');
  }

  async function filesUnder(dir: string): Promise<string> {
    let all = '';
    for (const file of await fs.readdir(dir, { recursive: true })) {
      const full = path.join(dir, file);
      if ((await fs.stat(full)).isFile()) all += await fs.readFile(full, 'utf8');
    }
    return all;
  }

  it('signs in through the page, keeps the token in the keychain, and never prints or files the token or password', async () => {
    const { home, name } = await backend();
    const run = cliStarted(['login', name, '--no-browser'], { home }); // --auth user: the browser is the default
    const url = await addressPrinted(run.output);
    expect(url.startsWith(`${sim.url}/login?callback_port=`)).toBe(true);

    const context = await browser.newContext();
    const page = await context.newPage();
    const handedBack: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().startsWith('http://127.0.0.1:') && !req.url().startsWith(sim.url)) handedBack.push(req.postData() ?? '');
    });
    await signInOnPage(page, url, SAMPLE.users.dev, SAMPLE.orgs.acme);
    expect(await page.textContent('#done')).toContain('Login successful');
    await context.close();

    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Signed in to ${name} as ${SAMPLE.users.dev.email} (${SAMPLE.orgs.acme}) (expires ${result.stdout.match(/expires (\S+)\)/)![1]}).\n`);
    // The page POSTed the CLI's exact payload: {"JTWToken","email","privateKey":""}.
    const payload = JSON.parse(handedBack[0]!);
    expect(Object.keys(payload)).toEqual(['JTWToken', 'email', 'privateKey']);
    expect(payload).toMatchObject({ email: SAMPLE.users.dev.email, privateKey: '' });

    const envs = await cli(['envs', '--json'], { home });
    const access = Object.fromEntries((JSON.parse(envs.stdout) as Array<{ ref: string; access: string }>).map((e) => [e.ref, e.access]));
    expect(access).toMatchObject({ [`${name}:payments/dev`]: 'granted', [`${name}:payments/prod`]: 'denied' });
    const audit = JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<Record<string, any>>;
    expect(audit.find((e) => e.action === 'login')).toMatchObject({ target: name, outcome: 'ok', details: { method: 'user', identity: `${SAMPLE.users.dev.email} (${SAMPLE.orgs.acme})` } });

    const everything = result.stdout + result.stderr + envs.stdout + envs.stderr + (await filesUnder(home));
    expect(everything).not.toContain(payload.JTWToken);
    expect(everything).not.toMatch(JWT);
    expect(everything).not.toContain(SAMPLE.users.dev.password);
  });

  it('answers only the Infisical site: another origin gets no CORS and a 403, and the real sign-in still works', async () => {
    const { home, name } = await backend();
    const run = cliStarted(['login', name, '--user', '--no-browser'], { home });
    const url = await addressPrinted(run.output);
    const callback = `http://127.0.0.1:${new URL(url).searchParams.get('callback_port')}/`;
    const forged = { JTWToken: sim.userToken(SAMPLE.users.lead.email), email: SAMPLE.users.lead.email, privateKey: '' };
    const preflight = await fetch(callback, { method: 'OPTIONS', headers: { Origin: 'http://evil.example.test', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(callback, { method: 'POST', headers: { Origin: 'http://evil.example.test', 'Content-Type': 'text/plain' }, body: JSON.stringify(forged) });
    expect(post.status).toBe(403);
    // Right origin, but a token the server does not accept: refused, still waiting.
    const bogus = await fetch(callback, { method: 'POST', headers: { Origin: sim.url, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...forged, JTWToken: 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJ4In0.fake-signature-not-real' }) });
    expect(bogus.status).toBe(401);

    const context = await browser.newContext();
    await signInOnPage(await context.newPage(), url, SAMPLE.users.dev, SAMPLE.orgs.acme);
    await context.close();
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`as ${SAMPLE.users.dev.email}`); // the page's user, not the forged one
  });

  it('falls back to pasting the token the page shows when the page cannot reach the CLI', async () => {
    const { home, name } = await backend();
    const context = await browser.newContext();
    const page = await context.newPage();
    // Nobody listens on port 9: the page's POST fails and it shows the token to paste instead.
    await signInOnPage(page, `${sim.url}/login?callback_port=9`, SAMPLE.users.lead, SAMPLE.orgs.acme);
    const shown = (await page.textContent('#cli-token'))!.trim();
    await context.close();
    expect(shown.length).toBeGreaterThan(40);

    const pasted = await cli(['login', name, '--user', '--token-stdin'], { home, stdin: `${shown}\n` });
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(pasted.stdout).toContain(`as ${SAMPLE.users.lead.email} (${SAMPLE.orgs.acme})`);
    const garbage = await cli(['login', name, '--user', '--token-stdin'], { home, stdin: 'definitely not a token' });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^error\[BAD_REQUEST\]: The pasted text is not the sign-in token/);
  });

  it('an expired browser session says so and gives the browser sign-in as the next step', async () => {
    const { home, name } = await backend();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOnPage(page, `${sim.url}/login?callback_port=9`, SAMPLE.users.dev, SAMPLE.orgs.acme);
    const shown = (await page.textContent('#cli-token'))!.trim();
    await context.close();
    expect((await cli(['login', name, '--user', '--token-stdin'], { home, stdin: shown })).code).toBe(0);
    sim.advance(864_000_000 + 60_000);
    try {
      const expired = await cli(['secrets', `${name}:payments/dev`], { home });
      expect(expired.code).toBe(3);
      expect(expired.stderr).toMatch(/^error\[UNAUTHENTICATED\]: /);
      expect(expired.stderr).toContain(`run: latchkey login ${name} --user`);
    } finally {
      sim.advance(-(864_000_000 + 60_000));
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './support/fixtures';
import { backendCard, dropProfileFile } from './support/day-one-helpers';
import { expectNoAxeViolations } from './support/page-helpers';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run demo` as a newcomer runs it (builds aside): the script, its printed addresses, Ctrl-C. */
async function startDemo(): Promise<{ child: ChildProcess; output: () => string; newHire: string; lead: string; profile: string; token: string }> {
  // LATCHKEY_DEMO_BROWSER: serve the browser page even on a machine where Electron could start.
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/demo.ts'], { cwd: root, env: { ...process.env, LATCHKEY_DEMO_BROWSER: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await expect.poll(() => /Ctrl-C stops everything/.test(text), { timeout: 30_000 }).toBe(true);
  const find = (pattern: RegExp) => pattern.exec(text)?.[1] ?? '';
  return {
    child,
    output: () => text,
    newHire: find(/New hire:\s+(\S+)/),
    lead: find(/Lead:\s+(\S+)/),
    profile: find(/Drop the team profile on the window: (\S+)/),
    token: find(/acme-doppler: the token (\S+);/),
  };
}

/** A raw HTTP request with the headers a browser would never let a page choose (Host). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

test('npm run demo: the real app in a browser, marked DEMO, behind a one-time token; wrong Host, Origin or token → 403', async ({ browser }) => {
  test.setTimeout(90_000);
  const demo = await startDemo();
  try {
    const origin = new URL(demo.newHire).origin;
    expect(demo.newHire).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}\/$/);
    expect(demo.lead).not.toBe(demo.newHire);

    // A plain browser context: the page gets window.latchkey from the demo server, not from a test bridge.
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(demo.newHire);
    await expect(page.getByRole('note', { name: 'Demo' })).toContainText('DEMO');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');
    await expect(page).toHaveTitle('DEMO · Latchkey');
    await expectNoAxeViolations(page, 'the demo page');
    await dropProfileFile(page, 'acme-team.json', await readFile(demo.profile, 'utf8'));
    const doppler = backendCard(page, 'acme-doppler');
    await doppler.getByLabel('Doppler token (personal or service account)').fill(demo.token);
    await doppler.getByLabel('Doppler token (personal or service account)').press('Enter');
    await expect(doppler.locator('.badge')).toHaveText('Signed in');
    // The lead's own Latchkey, already set up, in another window.
    const lead = await context.newPage();
    await lead.goto(demo.lead);
    await expect(lead.getByRole('heading', { level: 1 })).toHaveText('Environments');
    await expect(lead.getByRole('status', { name: 'Problem with acme-vault' })).toHaveCount(0);
    expect(problems).toEqual([]);

    // The page itself: our policy plus connect-src 'self' only, and the token never leaves as a Referer.
    const index = await raw(demo.newHire);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.body).toContain('<script src="./demo-bridge.js"></script>');

    // Refused: no token, a wrong token, another Host (DNS rebinding), another Origin.
    const host = new URL(origin).host;
    expect((await raw(`${origin}/`)).status).toBe(403);
    expect((await raw(`${origin}/${'x'.repeat(32)}/`)).status).toBe(403);
    expect((await raw(`${origin}/assets/`)).status).toBe(403);
    expect((await raw(demo.newHire, { headers: { host: `localhost:${new URL(origin).port}` } })).status).toBe(403);
    expect((await raw(demo.newHire, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await raw(demo.newHire, { headers: { host, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await page.goto(`${origin}/not-the-token/`))?.status()).toBe(403);

    // The RPC: only a JSON POST from this origin reaches the dispatch.
    const rpc = `${demo.newHire}rpc`;
    const body = JSON.stringify({ channel: 'app:info', payload: {} });
    const json = { 'content-type': 'application/json' };
    expect((await raw(rpc, { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body })).status).toBe(403);
    expect((await raw(rpc, { method: 'POST', headers: json, body })).status).toBe(403);
    expect((await raw(rpc, { method: 'POST', headers: { 'content-type': 'text/plain', origin }, body })).status).toBe(403);
    expect((await raw(`${origin}/${'y'.repeat(32)}/rpc`, { method: 'POST', headers: { ...json, origin }, body })).status).toBe(403);
    const answered = await raw(rpc, { method: 'POST', headers: { ...json, origin }, body });
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ ok: true, value: { name: 'Latchkey', demo: true } });
    await context.close();
  } finally {
    const home = /Drop the team profile on the window: (\S+)\/acme-team\.json/.exec(demo.output())?.[1];
    const exited = new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
    demo.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Ctrl-C (or SIGTERM) deletes the demo folder with its data dirs.
    if (home) expect(existsSync(home)).toBe(false);
  }
});

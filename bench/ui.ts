import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServices, type Services } from '../electron/services';
import { MemoryStore } from '../test/support/memory-store';
import { bigTeamFactory, seedBigTeam } from '../test/e2e/support/big-team';
import { installBridge } from '../test/e2e/support/bridge';
import { serveStatic } from '../test/e2e/support/static-server';
import { fmtMs, median, table } from './stats';
import { tempDir } from './world';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZES = [5_000, 50_000];
const TARGETS = { firstRender5k: 300, keystroke5k: 16, keystroke50k: 50 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

// In-page code is kept as text: tsx rewrites functions (adds `__name` helpers) that would not exist in the page.

/** Resolves `window.__listPainted` once the list has rows in the DOM and the frame after that update was produced. */
const PAINT_PROBE = `
  const afterFrame = (then) => requestAnimationFrame(() => {
    // rAF runs before the frame is painted; a message posted from it is handled after that frame.
    const channel = new MessageChannel();
    channel.port1.onmessage = then;
    channel.port2.postMessage(0);
  });
  window.__listPainted = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelector('[aria-label="Environments"] [data-index]') === null) return;
      observer.disconnect();
      afterFrame(() => resolve(performance.now()));
    });
    observer.observe(document, { childList: true, subtree: true });
  });
`;

const FIRST_RENDER_TIMES = `(async () => {
  const painted = await window.__listPainted;
  const at = (name) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? NaN;
  return { painted, request: at('catalog:list:request'), response: at('catalog:list:response') };
})()`;

/** Arms `window.__keystroke`: the next keydown's timestamp → the first frame after the list changed because of it. */
const KEYSTROKE_PROBE = `void (window.__keystroke = new Promise((resolve, reject) => {
  let start = 0;
  document.addEventListener('keydown', (e) => { start = e.timeStamp; }, { once: true, capture: true });
  const observer = new MutationObserver(() => {
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - start);
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document.querySelector('[aria-label="Environments"]'), { childList: true, subtree: true, attributes: true, characterData: true });
  setTimeout(() => reject(new Error('the list did not change within 5 s')), 5000);
}))`;

type UiRow = { size: number; renderMs: number; requestMs: number; loadMs: number; keyMedianMs: number; keyP95Ms: number; keystrokes: number };

async function firstRender(browser: Browser, url: string, services: Services): Promise<{ page: Page; renderMs: number; requestMs: number; loadMs: number; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await installBridge(context, services.dispatch);
  await context.addInitScript({ content: PAINT_PROBE });
  const page = await context.newPage();
  await page.goto(url);
  const times = (await page.evaluate(FIRST_RENDER_TIMES)) as { painted: number; request: number; response: number };
  return { page, renderMs: times.painted - times.response, requestMs: times.painted - times.request, loadMs: times.painted, close: () => context.close() };
}

async function keystrokes(page: Page): Promise<number[]> {
  const search = page.getByRole('searchbox', { name: 'Search environments' });
  await search.fill('svc01');
  await page.waitForTimeout(200);
  const samples: number[] = [];
  // Each key changes what the list shows: a digit narrows "svc01" to one block of projects, Backspace widens it again.
  for (const digit of '0123456789') {
    for (const key of [digit, 'Backspace']) {
      await page.evaluate(KEYSTROKE_PROBE); // armed before the key is sent
      await page.keyboard.press(key);
      samples.push((await page.evaluate('window.__keystroke')) as number);
      await page.waitForTimeout(30);
    }
  }
  return samples;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

export async function uiPart(runs: number): Promise<void> {
  process.stderr.write('ui: building the renderer…\n');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const server = await serveStatic(path.join(ROOT, 'dist', 'renderer'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const rows: UiRow[] = [];
  try {
    for (const size of SIZES) {
      process.stderr.write(`ui: ${size} environments…\n`);
      const services = await createServices({ dataDir: await tempDir('ui'), secretStore: new MemoryStore(), backendFactory: bigTeamFactory(size) });
      await seedBigTeam(services, size);
      const renders: Array<{ renderMs: number; requestMs: number; loadMs: number }> = [];
      let keys: number[] = [];
      for (let run = 0; run <= runs; run++) {
        const measured = await firstRender(browser, server.url, services);
        if (run > 0) renders.push(measured); // run 0 warms Chromium's code cache and the services
        if (run === runs) keys = await keystrokes(measured.page);
        await measured.close();
      }
      rows.push({
        size,
        renderMs: median(renders.map((r) => r.renderMs)),
        requestMs: median(renders.map((r) => r.requestMs)),
        loadMs: median(renders.map((r) => r.loadMs)),
        keyMedianMs: median(keys),
        keyP95Ms: p95(keys),
        keystrokes: keys.length,
      });
      await services.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  printTable(rows, runs);
}

function printTable(rows: UiRow[], runs: number): void {
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`\n## Environments list in Chromium (built renderer, the test bridge into real services with fake backends; medians of ${runs} page loads after 1 warm-up, keystrokes: 20 per size)\n`);
  console.log(table(
    ['environments', 'first render: catalog in page → list painted (ms)', 'catalog asked → list painted (ms)', 'page load → list painted (ms)', 'keystroke → filtered paint, median (ms)', 'p95 (ms)', 'targets'],
    rows.map((r) => {
      const targets = r.size === 5_000
        ? `first render < ${TARGETS.firstRender5k}: ${verdict(r.requestMs < TARGETS.firstRender5k)}; keystroke < ${TARGETS.keystroke5k}: ${verdict(r.keyMedianMs < TARGETS.keystroke5k)}`
        : `keystroke < ${TARGETS.keystroke50k}: ${verdict(r.keyMedianMs < TARGETS.keystroke50k)} (first render: no target)`;
      return [r.size.toLocaleString('en-US'), fmtMs(r.renderMs), fmtMs(r.requestMs), fmtMs(r.loadMs), fmtMs(r.keyMedianMs), fmtMs(r.keyP95Ms), targets];
    }),
  ));
  console.log('\n"First render" at 5,000 is judged on "catalog asked → list painted": the bridge round trip (the services list and check every');
  console.log('environment, zod checks the answer, JSON over CDP) plus the window\'s own work. The issue\'s "50,000 < 50 ms" is read as the');
  console.log('keystroke → filtered paint at 50,000; first render at 50,000 is reported without a target (its cost is mostly the services\'');
  console.log('work in main). Paint = the first frame after the DOM update (rAF, then a message); keystrokes start at the keydown\'s timestamp.');
}

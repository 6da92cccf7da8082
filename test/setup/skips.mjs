// Which skipped tests `npm test` accepts. A test may skip only for a reason listed here that holds on this
// machine, and the reason is printed; any other skip fails the run, so a keychain that stops answering or a
// mistyped condition cannot turn a suite into silent skips while the summary stays green.
import { relative } from 'node:path';

/** `file` is relative to the repo root; `holds` says whether the reason applies on this machine. */
export const ALLOWED_SKIPS = [
  {
    file: 'test/integration/exports/fifo.test.ts',
    holds: () => process.platform === 'win32',
    reason: 'named pipes (FIFOs) do not exist on Windows',
  },
  {
    file: 'test/integration/agent/socket-security.test.ts',
    holds: () => process.getuid?.() !== 0,
    reason: 'refusing a socket directory owned by another user needs root to hand one to another user',
  },
  {
    file: 'test/e2e/electron-launch.spec.ts',
    // The spec states its own reason (no Electron binary, or the app is not built); it must give one.
    holds: (reason) => /^no Electron binary|is not built/.test(reason ?? ''),
    reason: null,
  },
];

/** Skipped tests in a vitest JSON report: `{file, title, reason: null}` (vitest records no reason). */
export function vitestSkips(report, root) {
  return (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((t) => ['skipped', 'pending', 'todo'].includes(t.status))
      .map((t) => ({ file: relative(root, file.name), title: t.fullName ?? t.title, reason: null })),
  );
}

/** Skipped tests in a Playwright JSON report, with the reason given to `test.skip(condition, reason)`. */
export function playwrightSkips(report, root) {
  const found = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'skipped') continue;
        const annotations = [...(test.annotations ?? []), ...(test.results ?? []).flatMap((r) => r.annotations ?? [])];
        const reason = annotations.find((a) => a.type === 'skip' && a.description)?.description ?? null;
        found.push({ file: relative(root, `${report.config?.rootDir ?? root}/${spec.file ?? suite.file}`), title: spec.title, reason });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return found;
}

/** Splits skips into those the allow-list explains (with the reason to print) and the rest. */
export function judgeSkips(skips) {
  const allowed = [];
  const unexplained = [];
  for (const skip of skips) {
    const rule = ALLOWED_SKIPS.find((r) => skip.file === r.file && r.holds(skip.reason));
    if (rule) allowed.push({ ...skip, reason: skip.reason ?? rule.reason });
    else unexplained.push(skip);
  }
  return { allowed, unexplained };
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printValue, terminalSafe } from '../../../electron/cli/output';
import { cli } from '../../support/cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

// What a hostile team profile can carry in names the CLI prints: colour and screen-clearing escapes, an
// OSC title change ended by BEL, a C1 CSI, and bidi overrides that make text read backwards.
const TEAM = 'acme\u001b[31mRED\u001b[0m';
const REF = 'acme:pay\u001b]0;pwned\u0007ments/dev\u202egnp.exe';
const APPROVER = 'lead\u009b2J@acme.test\u2066';
const ROLE = 'ops\u001b[2K\rfake-line';

/** Every control a terminal acts on, except tab and newline, which our own output uses. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectInert(text: string) {
  const found = TERMINAL_CONTROL.exec(text);
  expect(found, found ? `U+${found[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(text)}` : '').toBeNull();
}

async function homeWithHostileProfile() {
  const home = await tempDir();
  const profile = {
    version: 1,
    team: TEAM,
    backends: [{ name: 'acme', kind: 'vault', url: 'http://127.0.0.1:1' }],
    environments: [{ ref: REF, approvers: [APPROVER], grantPolicy: 'read\u001b[8m' }],
    roles: [{ name: ROLE, environments: [REF] }],
  };
  const file = path.join(home, 'team.json');
  await fs.writeFile(file, JSON.stringify(profile));
  return { home, file };
}

describe('names from a profile or a server cannot drive the terminal', () => {
  it('escapes controls and bidi overrides in every human message, table and error', async () => {
    const { home, file } = await homeWithHostileProfile();
    const runs = [
      await cli(['profile', 'import', file], { home }),
      await cli(['profile', 'show'], { home }),
      await cli(['envs'], { home }),
      await cli(['envs', '--role', ROLE], { home }),
      await cli(['secrets', REF], { home }),
      await cli(['export', REF, '--out', path.join(home, 'x\u001b[31m.env')], { home }),
      await cli([`frobnicate\u001b[31m`], { home }),
    ];
    for (const run of runs) {
      expectInert(run.stdout);
      expectInert(run.stderr);
    }
    // Shown, escaped, rather than dropped: a reader can still see what the profile says.
    expect(runs[0]!.stdout).toContain('acme\\u001b[31mRED\\u001b[0m');
    expect(runs[1]!.stdout).toContain('lead\\u009b2J@acme.test\\u2066');
    expect(runs[1]!.stdout).toContain('ops\\u001b[2K\\u000dfake-line');
    expect(runs[2]!.stdout).toContain('\\u202egnp.exe');
  });

  it('keeps --json exact: the same strings come back from JSON.parse, with no raw control on the wire', async () => {
    const { home, file } = await homeWithHostileProfile();
    await cli(['profile', 'import', file], { home });
    const shown = await cli(['profile', 'show', '--json'], { home });
    expectInert(shown.stdout);
    const parsed = JSON.parse(shown.stdout) as { team: string; environments: Array<{ ref: string; approvers: string[] }> };
    expect(parsed.team).toBe(TEAM);
    expect(parsed.environments[0]).toMatchObject({ ref: REF, approvers: [APPROVER] });

    const failed = await cli(['audit', '--json', '--limit', '5\u202e1'], { home });
    expectInert(failed.stdout);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('"5\u202e1"') } });
  });

  it('prints a revealed value byte for byte into a pipe, and escaped on a terminal', () => {
    const value = 'fake-value\u001b[31m\nline two\u202e';
    for (const isTTY of [false, true]) {
      let written = '';
      const stream = { isTTY, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WritableStream;
      const safe = terminalSafe(stream);
      printValue({ stdout: safe, stderr: safe }, value);
      expect(written).toBe(isTTY ? 'fake-value\\u001b[31m\nline two\\u202e\n' : `${value}\n`);
    }
  });
});

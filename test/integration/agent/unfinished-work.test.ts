import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentPid, latchkey, useAgentHomes, workDir } from '../../support/agent';
import { keyringSkipReason } from '../../support/keyring';
import { deadStamp, fileRecord, filesHolding, readLedger, sha256, writeLedger } from '../exports/ledger-states';

const skip = await keyringSkipReason();
const homes = useAgentHomes();

describe.skipIf(skip !== null)('through the agent, the next command still finishes what a killed Latchkey process left', () => {
  it("a dead writer's temp folder goes and its export ends, though nothing has expired", async () => {
    const home = await homes.home();
    const work = workDir(home);
    // An agent already running (it sweeps when it starts): what follows happens while it serves.
    expect((await latchkey(['cache', 'clear'], { home })).code).toBe(0);
    expect(await agentPid(home)).not.toBeNull();

    const secret = `fake-canary-${randomBytes(6).toString('hex')}`;
    const content = `API_KEY=${secret}\n`;
    const temp = path.join(work, `.latchkey-${randomBytes(6).toString('hex')}.tmp`);
    await fs.mkdir(temp, { mode: 0o700 });
    await fs.writeFile(path.join(temp, '.gitignore'), '*\n');
    await fs.writeFile(path.join(temp, 'export'), content, { mode: 0o600 });
    await writeLedger(home, [fileRecord({ path: path.join(work, '.env'), pending: { temp, contentHash: sha256(content), writer: await deadStamp() } })]);

    // A hot command that touches no export itself: only the sweep before it can have cleaned up.
    const result = await latchkey(['cache', 'clear'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('latchkey: export f00dfeed01 of acme:payments/dev was interrupted before its file was written.\n');
    expect(await filesHolding(work, secret)).toEqual([]);
    await expect(fs.stat(temp)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readLedger(home)).toEqual([]);
  });
});

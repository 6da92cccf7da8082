import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { serializerFor } from '../../../electron/exports/serializers';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { auditActions, DEV, DEV_VALUES, signedInHome } from './export-world';
import { makeRepo } from './git-repo';
import { liveSleep, writeLedger } from './ledger-states';
import { startMount } from './mount-process';

const exec = promisify(execFile);
const tempDir = useTempDirs();
const skip = (await keyringSkipReason()) ?? (process.platform === 'win32' ? 'named pipes need macOS or Linux' : null);

const gone = (file: string) => fs.lstat(file).then(() => false, () => true);

describe.skipIf(skip !== null)('latchkey mount against a real OpenBao', () => {
  const openbao = inject('openbao');

  it('serves the .env through a pipe to a real reader, then removes it after --max-reads', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const { mount, exited } = await startMount(home, ['--out', out, '--max-reads', '1', '--ttl', '5m']);
    const pipe = await fs.lstat(out);
    expect(pipe.isFIFO()).toBe(true);
    expect(pipe.mode & 0o777).toBe(0o600);
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([expect.objectContaining({ id: mount.id, kind: 'mount', path: out })]);

    const { stdout } = await exec('cat', [out]);
    expect(serializerFor('dotenv').parse(stdout)).toEqual(DEV_VALUES);
    expect(await exited).toBe(0);
    expect(await gone(out)).toBe(true);
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
    const actions = (await auditActions(home)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['mount', 'mount.end']));
  });

  it('`latchkey revoke` stops a running mount and removes the pipe', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const { mount, exited } = await startMount(home, ['--out', out]);
    const revoked = await cli(['revoke', mount.id], { home });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await exited).not.toBeNull();
    expect(await gone(out)).toBe(true);
    expect((await auditActions(home)).find((e) => e.action === 'export.revoke')).toMatchObject({ details: { id: mount.id } });
  });

  it('a mount whose process was killed is not listed as active: its pipe goes at the next listing', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const { child, exited } = await startMount(home, ['--out', out]);
    child.kill('SIGKILL');
    await exited;
    expect((await fs.lstat(out)).isFIFO()).toBe(true); // nobody got the chance to clean up
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
    expect(await gone(out)).toBe(true);
  });

  it('refuses a pipe inside a git work tree that does not ignore it', async () => {
    const { home } = await signedInHome(openbao, tempDir);
    const repo = makeRepo(await tempDir());
    const result = await cli(['mount', DEV, '--out', path.join(repo, '.env')], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[UNSAFE_TARGET]');
    expect(await gone(path.join(repo, '.env'))).toBe(true);
  });

  it('never signals a process that only reuses the pid an expired mount recorded (start time and command line differ)', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const stranger = await liveSleep();
    try {
      const expired = new Date(Date.now() - 1000).toISOString();
      await writeLedger(home, [{
        id: 'abcabcabc1', ref: DEV, kind: 'mount', path: path.join(work, '.env'), format: 'dotenv', keys: ['API_KEY'],
        createdAt: new Date(Date.now() - 60_000).toISOString(), expiresAt: expired, contentHash: null, leases: [], overrideUsed: false,
        // What an older Latchkey recorded (the bare pid), and the stamp of the mount process that died: same pid, other process.
        pid: stranger.stamp.pid,
        server: { pid: stranger.stamp.pid, start: '1', cmd: stranger.stamp.cmd },
      }]);
      const listed = await cli(['exports', '--json'], { home });
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stranger.alive()).toBe(true);
      expect((await auditActions(home)).find((e) => e.action === 'export.expire')).toMatchObject({ details: { id: 'abcabcabc1' } });
    } finally {
      await stranger.stop();
    }
  });
});

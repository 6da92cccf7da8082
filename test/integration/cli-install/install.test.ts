import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../../electron/app-info';
import { launcherText } from '../../../electron/cli-install/launcher';
import { createServices } from '../../../electron/services';
import { assertBundleFresh, BIN, ROOT } from '../../support/cli';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const run = promisify(execFile);
const tempDir = useTempDirs();

/** The services the app builds, with a temp HOME and a PATH without ~/.local/bin; the CLI runs from this repo. */
async function setup(options: { runtime?: boolean } = {}) {
  const home = await tempDir();
  const services = await createServices({
    dataDir: await tempDir(),
    secretStore: new MemoryStore(),
    env: { ...process.env, HOME: home, PATH: '/usr/bin:/bin' },
    ...(options.runtime === false ? {} : { cliRuntime: { command: process.execPath, args: [BIN] } }),
  });
  const call = async (channel: 'cli:status' | 'cli:install') => services.dispatch(channel, {});
  return { home, services, call, launcher: path.join(home, '.local', 'bin', 'latchkey') };
}

describe.skipIf(process.platform === 'win32')('Install the latchkey command (Linux and macOS: ~/.local/bin)', () => {
  it('writes a launcher that runs the shipped CLI, audited; a new terminal can run `latchkey`', async () => {
    assertBundleFresh();
    const { home, services, call, launcher } = await setup();
    expect(await call('cli:status')).toEqual({
      ok: true,
      value: { platform: process.platform, path: launcher, state: 'missing', onPath: false, pathHint: expect.stringContaining('export PATH="$HOME/.local/bin:$PATH"') },
    });
    expect(await call('cli:install')).toMatchObject({ ok: true, value: { state: 'installed', path: launcher } });
    expect((await fs.stat(launcher)).mode & 0o777).toBe(0o755);

    // As a person would: a shell with ~/.local/bin on PATH types `latchkey`.
    const env = { HOME: home, PATH: `${path.dirname(launcher)}:/usr/bin:/bin`, LATCHKEY_HOME: await tempDir() };
    expect((await run('sh', ['-c', 'latchkey --version'], { env })).stdout.trim()).toBe(APP_VERSION);
    expect(JSON.parse((await run('sh', ['-c', 'latchkey backends list --json'], { env })).stdout)).toEqual([]);

    const audit = await services.audit.list();
    expect(audit.map((e) => [e.action, e.target, e.outcome, e.details.replaced])).toEqual([['cli.install', launcher, 'ok', false]]);
    // Installing again is harmless: it is ours, so it is replaced.
    expect(await call('cli:install')).toMatchObject({ ok: true, value: { state: 'installed' } });
    expect((await services.audit.list()).at(-1)?.details.replaced).toBe(true);
  });

  it('says "outdated" for a launcher of another copy of the app, and replaces it', async () => {
    const { call, launcher } = await setup();
    await fs.mkdir(path.dirname(launcher), { recursive: true });
    await fs.writeFile(launcher, launcherText(process.platform, { command: '/old/Latchkey', args: ['--cli'] }));
    expect(await call('cli:status')).toMatchObject({ ok: true, value: { state: 'outdated' } });
    expect(await call('cli:install')).toMatchObject({ ok: true, value: { state: 'installed' } });
    expect(await fs.readFile(launcher, 'utf8')).toContain(BIN);
  });

  it('never overwrites a latchkey it did not write', async () => {
    const { call, launcher, services } = await setup();
    await fs.mkdir(path.dirname(launcher), { recursive: true });
    await fs.writeFile(launcher, '#!/bin/sh\necho my own latchkey\n', { mode: 0o755 });
    expect(await call('cli:status')).toMatchObject({ ok: true, value: { state: 'foreign' } });
    expect(await call('cli:install')).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Latchkey did not write it') } });
    expect(await fs.readFile(launcher, 'utf8')).toBe('#!/bin/sh\necho my own latchkey\n');
    expect(await services.audit.list()).toEqual([]);
  });

  it('refuses where there is no shipped CLI to point at (the CLI itself, a plain browser page)', async () => {
    const { call, launcher } = await setup({ runtime: false });
    expect(await call('cli:install')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(fs.stat(launcher)).rejects.toThrow();
  });
});

describe.skipIf(process.platform === 'win32')('the launcher packed with the app (electron-builder extraResources)', () => {
  it('finds the app two folders up and runs it in CLI mode with every argument, also through a symlink', async () => {
    const app = await tempDir();
    await fs.mkdir(path.join(app, 'resources', 'bin'), { recursive: true });
    const packed = path.join(app, 'resources', 'bin', 'latchkey');
    await fs.copyFile(path.join(ROOT, 'build', 'bin', 'latchkey'), packed);
    await fs.chmod(packed, 0o755);
    // A stand-in for the app's executable that prints what it was given.
    await fs.writeFile(path.join(app, 'latchkey'), '#!/bin/sh\nprintf "%s|" "$@"\n', { mode: 0o755 });
    expect((await run(packed, ['envs', '--role', 'payments engineer'])).stdout).toBe('--cli|envs|--role|payments engineer|');
    const link = path.join(await tempDir(), 'latchkey');
    await fs.symlink(packed, link);
    expect((await run(link, ['--version'])).stdout).toBe('--cli|--version|');
  });

  it('electron-builder.yml packs the CLI bundle and the launchers', async () => {
    const config = await fs.readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/^files:\n(?: {2}.*\n)*? {2}- dist-electron\/\*\*$/m);
    expect(config).toMatch(/^extraResources:\n {2}- from: build\/bin\n {4}to: bin$/m);
    expect((await fs.stat(path.join(ROOT, 'build', 'bin', 'latchkey'))).mode & 0o111).not.toBe(0);
    expect(await fs.readFile(path.join(ROOT, 'build', 'bin', 'latchkey.cmd'), 'utf8')).toContain('Latchkey.exe" --cli %*');
  });
});

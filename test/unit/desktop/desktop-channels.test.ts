import { describe, expect, it, vi } from 'vitest';
import type { DesktopHooks } from '../../../electron/desktop/desktop-hooks';
import { FAKE_REF, FAKE_VALUES, fakeTeamServices } from '../../support/fake-team-services';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

function fakeDesktop() {
  const clipboard = { text: '', writeText: vi.fn(async (t: string) => void (clipboard.text = t)), readText: vi.fn(async () => clipboard.text), clear: vi.fn(() => void (clipboard.text = '')) };
  const desktop: DesktopHooks = {
    chooseSavePath: vi.fn(async () => '/home/fake/project/.env'),
    chooseOpenPath: vi.fn(async (): Promise<string | null> => null),
    showItemInFolder: vi.fn(),
    clipboard,
  };
  return { desktop, clipboard };
}

describe('desktop channels without a desktop (CLI, agent, browser bridge)', () => {
  it('app:capabilities says none is available, and each channel refuses with a clear error', async () => {
    const services = await fakeTeamServices(await tempDir());
    expect(await services.dispatch('app:capabilities', {})).toEqual({ ok: true, value: { saveDialog: false, showInFolder: false, clipboard: false, openDialog: false } });
    for (const [channel, input] of [
      ['dialog:saveExportPath', { ref: FAKE_REF, defaultName: '.env' }],
      ['dialog:openProfile', {}],
      ['exports:showInFolder', { id: 'deadbeef' }],
      ['secrets:copy', { ref: FAKE_REF, key: 'API_KEY' }],
      ['clipboard:copyRunCommand', { ref: FAKE_REF, command: 'npm run dev' }],
    ] as const) {
      expect(await services.dispatch(channel, input)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('desktop app') } });
    }
    // A refused copy reads nothing and records nothing.
    expect(await services.audit.list()).toEqual([]);
  });
});

describe('desktop channels in the Electron app', () => {
  it('secrets:copy puts one value on the clipboard in main, audited, and never returns it', async () => {
    const { desktop, clipboard } = fakeDesktop();
    const services = await fakeTeamServices(await tempDir(), { desktop });
    expect((await services.dispatch('app:capabilities', {})) as unknown).toEqual({ ok: true, value: { saveDialog: true, showInFolder: true, clipboard: true, openDialog: true } });
    const result = await services.dispatch('secrets:copy', { ref: FAKE_REF, key: 'API_KEY' });
    expect(result).toEqual({ ok: true, value: { ref: FAKE_REF, key: 'API_KEY', clearAfterSeconds: 30 } });
    expect(JSON.stringify(result)).not.toContain(FAKE_VALUES.API_KEY);
    expect(clipboard.text).toBe(FAKE_VALUES.API_KEY);
    const audit = await services.audit.list();
    expect(audit.map((e) => [e.action, e.target, e.outcome, e.details.key])).toEqual([['secret.copy', FAKE_REF, 'ok', 'API_KEY']]);
    expect(JSON.stringify(audit)).not.toContain(FAKE_VALUES.API_KEY);
    // Quitting clears a copy still on the clipboard.
    await services.close();
    expect(clipboard.text).toBe('');
  });

  it('dialog:openProfile reads the chosen team profile for the window, and refuses an oversized file before reading it', async () => {
    const { desktop } = fakeDesktop();
    const dir = await tempDir();
    const services = await fakeTeamServices(dir, { desktop });
    expect(await services.dispatch('dialog:openProfile', {})).toEqual({ ok: true, value: { file: null } });
    const { promises: fs } = await import('node:fs');
    const text = JSON.stringify({ version: 1, team: 'acme' });
    await fs.writeFile(`${dir}/acme-team.json`, text);
    vi.mocked(desktop.chooseOpenPath).mockResolvedValueOnce(`${dir}/acme-team.json`);
    expect(await services.dispatch('dialog:openProfile', {})).toEqual({ ok: true, value: { file: { name: 'acme-team.json', text } } });
    expect(desktop.chooseOpenPath).toHaveBeenCalledWith({ title: 'Import the team profile', extensions: ['json'] });
    // A sparse 17 MiB file: the size is checked from stat, so nothing that large is read into memory.
    const handle = await fs.open(`${dir}/huge.json`, 'w');
    await handle.truncate(17 * 1024 * 1024);
    await handle.close();
    vi.mocked(desktop.chooseOpenPath).mockResolvedValueOnce(`${dir}/huge.json`);
    expect(await services.dispatch('dialog:openProfile', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('huge.json is 17.0 MiB') } });
  });

  it('clipboard:copyRunCommand copies the run command for one line of shell, quoting an odd ref', async () => {
    const { desktop, clipboard } = fakeDesktop();
    const services = await fakeTeamServices(await tempDir(), { desktop });
    expect(await services.dispatch('clipboard:copyRunCommand', { ref: FAKE_REF, command: ' npm run dev ' })).toEqual({
      ok: true,
      value: { text: 'latchkey run acme:payments/dev -- npm run dev' },
    });
    expect(clipboard.text).toBe('latchkey run acme:payments/dev -- npm run dev');
    await services.dispatch('clipboard:copyRunCommand', { ref: "acme:o'brien/$HOME", command: 'make' });
    expect(clipboard.text).toBe(`latchkey run 'acme:o'\\''brien/$HOME' -- make`);
    expect(await services.dispatch('clipboard:copyRunCommand', { ref: FAKE_REF, command: 'ls\nrm -rf ~' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await services.dispatch('clipboard:copyRunCommand', { ref: FAKE_REF, command: '   ' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('a refused copy is audited and leaves the clipboard alone', async () => {
    const { desktop, clipboard } = fakeDesktop();
    const services = await fakeTeamServices(await tempDir(), { desktop });
    expect(await services.dispatch('secrets:copy', { ref: FAKE_REF, key: 'NO_SUCH_KEY' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(clipboard.writeText).not.toHaveBeenCalled();
    expect((await services.audit.list()).map((e) => [e.action, e.outcome])).toEqual([['secret.copy', 'failed']]);
  });

  it('exports:showInFolder shows the file the ledger holds for that export, and nothing for an unknown id', async () => {
    const { desktop } = fakeDesktop();
    const services = await fakeTeamServices(await tempDir(), { desktop });
    const project = await tempDir(); // never the data dir: Latchkey writes no export there
    const created = await services.exports.create({ ref: FAKE_REF, path: `${project}/.env`, ttl: '1h' });
    expect(await services.dispatch('exports:showInFolder', { id: created.export.id })).toEqual({ ok: true, value: { shown: true } });
    expect(desktop.showItemInFolder).toHaveBeenCalledWith(created.export.path);
    expect(await services.dispatch('exports:showInFolder', { id: 'feedface00' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(desktop.showItemInFolder).toHaveBeenCalledTimes(1);
  });

  it('dialog:saveExportPath asks the system dialog with a file name, and passes a cancel on as null', async () => {
    const { desktop } = fakeDesktop();
    const services = await fakeTeamServices(await tempDir(), { desktop });
    expect(await services.dispatch('dialog:saveExportPath', { ref: FAKE_REF, defaultName: '.env' })).toEqual({ ok: true, value: { path: '/home/fake/project/.env' } });
    expect(desktop.chooseSavePath).toHaveBeenCalledWith({ title: `Export ${FAKE_REF}`, defaultName: '.env' });
    vi.mocked(desktop.chooseSavePath).mockResolvedValueOnce(null);
    expect(await services.dispatch('dialog:saveExportPath', { ref: FAKE_REF, defaultName: '.env' })).toEqual({ ok: true, value: { path: null } });
    // A suggestion is a name, never a place: a folder in it is refused before the dialog opens.
    expect(await services.dispatch('dialog:saveExportPath', { ref: FAKE_REF, defaultName: '../../.bashrc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(desktop.chooseSavePath).toHaveBeenCalledTimes(2);
  });
});

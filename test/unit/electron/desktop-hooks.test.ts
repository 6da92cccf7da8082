import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopHooks } from '../../../electron/window';
import { fake, FakeBrowserWindow, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => resetFakeElectron());

describe('desktop hooks (window.ts)', () => {
  it('opens the save dialog modal to our window and returns the chosen path', async () => {
    const win = new FakeBrowserWindow({});
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/fake/app/.env' });
    const hooks = createDesktopHooks(() => win as never);
    expect(await hooks.chooseSavePath({ title: 'Export acme:payments/dev', defaultName: '.env' })).toBe('/home/fake/app/.env');
    expect(fake.dialog.showSaveDialog).toHaveBeenCalledWith(win, expect.objectContaining({ title: 'Export acme:payments/dev', defaultPath: '.env' }));
  });

  it('turns a cancelled dialog into null', async () => {
    const hooks = createDesktopHooks(() => new FakeBrowserWindow({}) as never);
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await hooks.chooseSavePath({ title: 't', defaultName: '.env' })).toBeNull();
  });

  it('opens the open dialog modal to our window for one JSON file, and returns the chosen path or null', async () => {
    const win = new FakeBrowserWindow({});
    const hooks = createDesktopHooks(() => win as never);
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/fake/acme-team.json'] });
    expect(await hooks.chooseOpenPath({ title: 'Import the team profile', extensions: ['json'] })).toBe('/home/fake/acme-team.json');
    expect(fake.dialog.showOpenDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ title: 'Import the team profile', properties: ['openFile'], filters: [{ name: 'Team profile', extensions: ['json'] }] }),
    );
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await hooks.chooseOpenPath({ title: 't', extensions: ['json'] })).toBeNull();
  });

  it('passes show-in-folder and the clipboard through to Electron', async () => {
    const hooks = createDesktopHooks(() => null);
    hooks.showItemInFolder('/home/fake/app/.env');
    expect(fake.shell.showItemInFolder).toHaveBeenCalledWith('/home/fake/app/.env');
    await hooks.clipboard.writeText('fake-value-not-real');
    expect(await hooks.clipboard.readText()).toBe('fake-value-not-real');
    hooks.clipboard.clear();
    expect(fake.clipboard.clear).toHaveBeenCalledTimes(1);
    expect(await hooks.clipboard.readText()).toBe('');
  });
});

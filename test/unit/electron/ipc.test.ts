import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../../shared/contract';
import { createEventPush, createSenderCheck, registerIpc } from '../../../electron/ipc';
import { createDispatch, type Handlers } from '../../../electron/ipc-dispatch';
import { createAppUrlPolicy } from '../../../electron/security/app-urls';
import { fake, FakeBrowserWindow, FakeFrame, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const policy = createAppUrlPolicy({ rendererIndex: '/opt/latchkey-test-app/dist/renderer/index.html' });

function setup() {
  resetFakeElectron();
  const win = new FakeBrowserWindow({});
  win.webContents.mainFrame.url = policy.entryUrl;
  const appInfo = vi.fn(async () => ({
    name: 'Latchkey' as const,
    version: '0.0.0-test',
    dataDir: '/tmp/latchkey-test',
    platform: 'test',
    keychain: { backend: 'unavailable' as const, detail: 'fake' },
    demo: false,
  }));
  // Only app:info is exercised; the cast keeps this test compiling as the contract grows.
  const handlers = { 'app:info': appInfo } as unknown as Handlers;
  const check = createSenderCheck(() => win as never, policy);
  registerIpc(fake.ipcMain as never, check, createDispatch(handlers));
  const call = (channel: string, senderFrame: unknown, payload: unknown = {}) => {
    const handler = fake.ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame }, payload) as Promise<{ ok: boolean; error?: { code: string } }>;
  };
  return { win, appInfo, call };
}

beforeEach(() => resetFakeElectron());

describe('IPC chokepoint', () => {
  it('registers exactly one handler per contract channel, and no generic channel', () => {
    setup();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    expect(fake.ipcMain.on).not.toHaveBeenCalled(); // no send/sendSync listeners
  });

  it('answers a request from our main frame', async () => {
    const { win, appInfo, call } = setup();
    const result = await call('app:info', win.webContents.mainFrame);
    expect(result.ok).toBe(true);
    expect(appInfo).toHaveBeenCalledTimes(1);
  });

  it('rejects a sender outside our window and does not call the service', async () => {
    const { appInfo, call } = setup();
    const otherWindow = new FakeBrowserWindow({});
    otherWindow.webContents.mainFrame.url = policy.entryUrl;
    const result = await call('app:info', otherWindow.webContents.mainFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('rejects a subframe of our window', async () => {
    const { appInfo, call } = setup();
    const result = await call('app:info', new FakeFrame(policy.entryUrl));
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('rejects our main frame once it shows another URL', async () => {
    const { win, appInfo, call } = setup();
    win.webContents.mainFrame.url = 'https://evil.example/';
    const result = await call('app:info', win.webContents.mainFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('rejects a sender whose frame is gone', async () => {
    const { appInfo, call } = setup();
    expect(await call('app:info', null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('rejects every request after our window is destroyed', async () => {
    const { win, appInfo, call } = setup();
    win.destroyed = true;
    expect(await call('app:info', win.webContents.mainFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('answers BAD_REQUEST to a good sender with a bad payload, without calling the service', async () => {
    const { win, appInfo, call } = setup();
    const result = await call('app:info', win.webContents.mainFrame, { unexpected: 'fake-token-not-real' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(result)).not.toContain('fake-token-not-real');
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('can remove its handlers', () => {
    resetFakeElectron();
    const dispose = registerIpc(fake.ipcMain as never, () => true, vi.fn());
    dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

describe('event push', () => {
  const ended = { id: 'exp-1', ref: 'acme-vault:payments/staging', path: '/home/fake/app/.env', reason: 'expired', fileRemoved: false, left: 'edited after export, left in place' };

  it('sends a contract event with a valid payload to our window', () => {
    const win = new FakeBrowserWindow({});
    const push = createEventPush(() => win as never);
    expect(push('exports:expired', ended)).toBe(true);
    expect(win.webContents.send).toHaveBeenCalledWith('exports:expired', ended);
  });

  it('drops an event whose payload does not match the contract', () => {
    const win = new FakeBrowserWindow({});
    const push = createEventPush(() => win as never);
    expect(push('exports:expired', { id: 'exp-1' })).toBe(false);
    expect(win.webContents.send).not.toHaveBeenCalled();
  });

  it('sends only the fields the contract declares', () => {
    const win = new FakeBrowserWindow({});
    createEventPush(() => win as never)('exports:expired', { ...ended, value: 'fake-secret-not-real' });
    expect(win.webContents.send).toHaveBeenCalledWith('exports:expired', ended);
  });

  it('drops events when there is no window', () => {
    expect(createEventPush(() => null)('exports:expired', ended)).toBe(false);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { apiName, channels, contract } from '../../../shared/contract';
import { agentContract } from '../../../electron/agent/agent-contract';
import { createDispatch, createTableDispatch, type Handlers } from '../../../electron/ipc-dispatch';
import { fake, resetFakeElectron } from '../electron/fake-electron';

vi.mock('electron', async () => (await import('../electron/fake-electron')).electronModule);

const agentChannels = Object.keys(agentContract);

describe('the agent-only channels', () => {
  it('are not in the renderer contract, and no name is shared', () => {
    expect(agentChannels.length).toBeGreaterThan(0);
    for (const channel of agentChannels) expect(Object.hasOwn(contract, channel)).toBe(false);
  });

  it('cannot be reached through the renderer dispatch (what IPC and the test bridge call)', async () => {
    const handlers = new Proxy({}, { get: () => vi.fn(async () => ({ values: { SECRET: 'fake-value' }, keys: ['SECRET'] })) }) as unknown as Handlers;
    const dispatch = createDispatch(handlers);
    for (const channel of agentChannels) {
      expect(await dispatch(channel, { ref: 'acme:payments/dev', command: 'true' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Unknown request channel.' } });
    }
  });

  it('have no function in the preload API and no IPC handler', async () => {
    resetFakeElectron();
    vi.resetModules();
    await import('../../../electron/preload');
    const [, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    const { registerIpc } = await import('../../../electron/ipc');
    registerIpc(fake.ipcMain as never, () => true, createDispatch({} as Handlers));
    for (const channel of agentChannels) {
      const name = channel.replace(/:(.)/, (_m, c: string) => c.toUpperCase());
      expect(Object.keys(api)).not.toContain(name);
      expect(fake.ipcMain.handlers.has(channel)).toBe(false);
    }
    expect(Object.keys(api).sort()).toEqual([...channels.map(apiName), 'on'].sort());
  });

  it('are served by the same dispatch function with their own schemas, in and out', async () => {
    const start = vi.fn(async () => ({ values: { A: 'fake-a' }, keys: ['A'], leases: 0, extra: 'never leaves' }));
    const dispatch = createTableDispatch(agentContract, { 'run:start': start } as never);
    const context = { connection: 1, onClose: () => undefined, warn: () => undefined };
    expect(await dispatch('run:start', { ref: 'acme:payments/dev' }, context)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(start).not.toHaveBeenCalled();
    expect(await dispatch('run:start', { ref: 'acme:payments/dev', command: 'true' }, context)).toEqual({ ok: true, value: { values: { A: 'fake-a' }, keys: ['A'], leases: 0 } });
    expect(start).toHaveBeenCalledWith({ ref: 'acme:payments/dev', command: 'true' }, context);
    // The agent table does not answer the renderer's channels on its own: the host routes those to the contract dispatch.
    expect(await dispatch('app:info', {}, context)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

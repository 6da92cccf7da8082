import { afterEach, describe, expect, it } from 'vitest';
import { currentCaller } from '../../../electron/agent/caller';
import { AgentConnection } from '../../../electron/agent/client';
import { agentPaths } from '../../../electron/agent/paths';
import { listenAgentSocket, type SocketServer } from '../../../electron/agent/server';
import { newAgentToken } from '../../../electron/agent/token';
import { writeFileAtomic } from '../../../electron/fs/atomic';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const servers: SocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('warnings raised while the agent works for a command', () => {
  it('reach that command, not another one', async () => {
    const home = await tempDir();
    const paths = agentPaths(home, {});
    const token = newAgentToken();
    await writeFileAtomic(paths.token, token, { mode: 0o600 });
    // A service deep inside a call warns through one callback, as createServices' `warn` does in the agent.
    const warn = (message: string) => currentCaller.getStore()?.warn(message);
    servers.push(await listenAgentSocket({
      socket: paths.socket,
      token,
      version: 'test',
      host: 'cli',
      serve: async (channel) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        warn(`while serving ${String(channel)}`);
        return { ok: true, value: null };
      },
      afterCall: () => undefined,
      log: () => undefined,
    }));
    const [a, b] = [(await AgentConnection.open(paths, 'test'))!, (await AgentConnection.open(paths, 'test'))!];
    const heard: Record<string, string[]> = { a: [], b: [] };
    a.onWarning = (m) => heard.a!.push(m);
    b.onWarning = (m) => heard.b!.push(m);
    await Promise.all([a.call('exports:list', {}), b.call('cache:clear', {})]);
    a.close();
    b.close();
    expect(heard).toEqual({ a: ['while serving exports:list'], b: ['while serving cache:clear'] });
  });
});

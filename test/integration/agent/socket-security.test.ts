import { chmod, chown, mkdir, readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentHost, type AgentHost } from '../../../electron/agent/host';
import { agentPaths } from '../../../electron/agent/paths';
import { encodeFrame, PROTOCOL } from '../../../electron/agent/protocol';
import { tokensMatch } from '../../../electron/agent/token';
import { createServices, type Services } from '../../../electron/services';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const running: Array<{ services: Services; host: AgentHost }> = [];
afterEach(async () => {
  for (const { services, host } of running.splice(0)) {
    host.stop('test over');
    await host.stopped;
    await services.close();
  }
});

/** An agent in this process on a temp data dir (values in memory only: no keychain needed here). */
async function agent(env: NodeJS.ProcessEnv = {}) {
  const home = await tempDir();
  const services = await createServices({ dataDir: home, secretStore: new MemoryStore() });
  const started = await startAgentHost(services, { host: 'cli', idleMs: null, log: () => undefined, takeOver: false, env });
  if (!('host' in started)) throw new Error('another agent answered');
  running.push({ services, host: started.host });
  return { home, paths: agentPaths(home, env) };
}

/** A raw client: writes `text`, returns every frame the agent sent until it closed the connection (or 2 s passed). */
function exchange(socket: string, text: string, waitMs = 2_000): Promise<{ frames: Array<Record<string, unknown>>; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.createConnection(socket);
    let data = '';
    const done = (closed: boolean) => {
      s.destroy();
      resolve({ frames: data.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>), closed });
    };
    const timer = setTimeout(() => done(false), waitMs);
    s.on('data', (c: Buffer) => void (data += c.toString()));
    s.on('close', () => {
      clearTimeout(timer);
      done(true);
    });
    s.on('error', () => undefined);
    s.on('connect', () => s.write(text));
  });
}

const hello = (token: string) => encodeFrame({ t: 'hello', token, version: 'test', protocol: PROTOCOL });
const call = (channel: string, payload: unknown = {}) => encodeFrame({ t: 'call', id: 1, channel, payload });
const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe('the agent socket lets in only its own user', () => {
  it('lives in a 0700 directory, as a 0600 socket, with a 0600 token file', async () => {
    const { paths } = await agent({ XDG_RUNTIME_DIR: await tempDir() });
    expect(await mode(paths.socketDir!)).toBe(0o700);
    expect(await mode(paths.socket)).toBe(0o600);
    expect(await mode(paths.token)).toBe(0o600);
    expect(await mode(paths.state)).toBe(0o600);
  });

  it('keeps what a client sends as a channel name out of its log', async () => {
    const home = await tempDir();
    const lines: string[] = [];
    const services = await createServices({ dataDir: home, secretStore: new MemoryStore() });
    const started = await startAgentHost(services, { host: 'cli', idleMs: null, log: (line) => lines.push(line), takeOver: false, env: {} });
    if (!('host' in started)) throw new Error('another agent answered');
    running.push({ services, host: started.host });
    const token = await readFile(agentPaths(home, {}).token, 'utf8');
    await exchange(agentPaths(home, {}).socket, hello(token) + call('fake-canary-value-not-real') + call('exports:revoke', { id: 'nope' }), 1_000);
    expect(lines.join('\n')).not.toContain('fake-canary-value-not-real');
    expect(lines).toEqual(expect.arrayContaining(['call (unknown channel): BAD_REQUEST', 'call exports:revoke: NOT_FOUND']));
  });

  it('answers a client that presents the token', async () => {
    const { paths } = await agent();
    const token = await readFile(paths.token, 'utf8');
    const { frames } = await exchange(paths.socket, hello(token) + call('exports:list'), 1_000);
    expect(frames).toEqual([
      { t: 'hello', version: expect.any(String), pid: process.pid, host: 'cli', protocol: PROTOCOL },
      { t: 'result', id: 1, result: { ok: true, value: [] } },
    ]);
  });

  it.each([
    ['no hello at all', () => call('agent:stop')],
    ['a wrong token', () => hello('0'.repeat(64)) + call('agent:stop')],
    ['a token that is nearly right', (token: string) => hello(token.slice(0, -1) + (token.endsWith('0') ? '1' : '0')) + call('agent:stop')],
    ['an endless hello', () => 'x'.repeat(10_000)],
  ])('refuses %s, and nothing it sent reaches a handler', async (_what, text) => {
    const { paths } = await agent();
    const token = await readFile(paths.token, 'utf8');
    const { frames, closed } = await exchange(paths.socket, text(token));
    expect(closed).toBe(true);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ t: 'refused', error: { code: 'FORBIDDEN' } });
    // agent:stop never ran: the agent still answers the right token.
    expect((await exchange(paths.socket, hello(token), 500)).frames[0]).toMatchObject({ t: 'hello' });
  });

  it('drops a client that never presents a token', async () => {
    const { paths } = await agent();
    const { frames, closed } = await exchange(paths.socket, '', 8_000);
    expect(closed).toBe(true);
    expect(frames[0]).toMatchObject({ t: 'refused' });
  }, 15_000);

  it('narrows a socket directory that others could enter back to 0700', async () => {
    const runtime = await tempDir();
    await mkdir(path.join(runtime, 'latchkey'), { mode: 0o755 });
    await chmod(path.join(runtime, 'latchkey'), 0o755);
    const { paths } = await agent({ XDG_RUNTIME_DIR: runtime });
    expect(await mode(paths.socketDir!)).toBe(0o700);
  });

  const root = process.getuid?.() === 0;
  if (!root) console.warn('[skip] the other-user socket directory test: it needs root to chown a directory to another user');
  it.skipIf(!root)('refuses a socket directory that belongs to another user', async () => {
    const runtime = await tempDir();
    await mkdir(path.join(runtime, 'latchkey'), { mode: 0o700 });
    await chown(path.join(runtime, 'latchkey'), 65534, 65534);
    await expect(agent({ XDG_RUNTIME_DIR: runtime })).rejects.toThrow(/belongs to another user/);
  });

  it('compares tokens by content only', () => {
    const token = 'a'.repeat(64);
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch('a'.repeat(63), token)).toBe(false);
    expect(tokensMatch(`${token}a`, token)).toBe(false);
    expect(tokensMatch(undefined, token)).toBe(false);
    expect(tokensMatch(42, token)).toBe(false);
  });
});

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ValueCache } from '../../../electron/backends/cache';
import { AppError } from '../../../shared/errors';
import { startFaultProxy, type FaultMode, type FaultProxy } from '../../fakes/fault-proxy';
import { envAt, makeAdapter, rootCall, unique, userpassUser, writePolicy, writeSecret } from './vault-fixtures';

const canaryToken = `canary-token-${randomUUID()}`;
const canaryValue = `canary-value-${randomUUID()}`;
const canaryPassword = `canary-password-${randomUUID()}`;

describe('no error path leaks a token, password or value', () => {
  let proxy: FaultProxy;
  let project: string;
  const seen: string[] = [];
  const spies: Array<{ mockRestore(): void }> = [];

  beforeAll(async () => {
    proxy = await startFaultProxy(inject('openbao').address);
    project = unique('canary');
    await writeSecret(`${project}/dev`, { CANARY: canaryValue });
    const policy = unique('canary-read');
    await writePolicy(policy, `path "secret/data/${project}/dev" { capabilities = ["read"] }\npath "secret/data/${project}/missing" { capabilities = ["read"] }`);
    // A real token whose id is the canary, so every request carries it.
    await rootCall('POST', 'auth/token/create', { id: canaryToken, policies: [policy], ttl: '1h' });
    const record = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) spies.push(vi.spyOn(console, method).mockImplementation(record));
    spies.push(vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (record(chunk), true)));
  });
  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    await proxy.close();
  });

  const capture = async (action: Promise<unknown>) => {
    const error = await action.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const app = error as AppError;
    seen.push(app.message, app.hint ?? '', JSON.stringify(app.toShape()), String(app.stack));
    return app;
  };

  it('runs every failure mode and finds no canary in messages, hints or logs', async () => {
    const env = envAt('test-vault', project, 'dev');
    const viaProxy = async () => {
      const made = makeAdapter({ url: proxy.url }, { http: { timeoutMs: 300 } });
      await made.adapter.login({ method: 'token', token: canaryToken });
      return new ValueCache().wrap(made.adapter);
    };
    const codes: string[] = [];
    const user = await userpassUser(['default']);
    const up = makeAdapter({ auth: { method: 'userpass', mount: user.mount } }).adapter;
    codes.push((await capture(up.login({ method: 'userpass', username: user.username, password: canaryPassword }))).code);
    codes.push((await capture(makeAdapter().adapter.login({ method: 'token', token: `${canaryToken}-typo` }))).code);

    const adapter = await viaProxy();
    codes.push((await capture(adapter.read(envAt('test-vault', project, 'prod')))).code);
    codes.push((await capture(adapter.read(envAt('test-vault', project, 'missing')))).code);
    const modes: FaultMode[] = [
      { kind: 'rate-limit', retryAfter: '600' },
      { kind: 'status', status: 503, body: '{"errors":["Vault is sealed"]}' },
      { kind: 'status', status: 500 },
      { kind: 'malformed' },
      { kind: 'truncate' },
      { kind: 'close' },
      { kind: 'hang' },
    ];
    for (const mode of modes) {
      proxy.setMode(mode);
      adapter.invalidate();
      codes.push((await capture(adapter.read(env))).code);
      proxy.reset();
    }
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    codes.push((await capture(makeAdapter({ url: `http://127.0.0.1:${port}` }).adapter.login({ method: 'token', token: canaryToken }))).code);

    expect(codes).toEqual([
      'UNAUTHENTICATED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'SEALED',
      'BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE', 'BACKEND_UNAVAILABLE',
    ]);
    const everything = seen.join('\n');
    expect(everything).toContain('test-vault'); // the capture worked
    for (const canary of [canaryToken, canaryValue, canaryPassword]) expect(everything).not.toContain(canary);
  });
});

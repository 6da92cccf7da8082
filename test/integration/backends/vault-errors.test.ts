import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { startFaultProxy, type FaultProxy } from '../../fakes/fault-proxy';
import { envAt, makeAdapter, tokenWith, unique, userpassUser, writePolicy, writeSecret } from './vault-fixtures';

const caught = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as AppError);

/** A loopback port nobody listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Vault adapter error mapping (real OpenBao, fault proxy in front)', () => {
  let proxy: FaultProxy;
  let project: string;
  let readToken: string;

  beforeAll(async () => {
    proxy = await startFaultProxy(inject('openbao').address);
    project = unique('errs');
    await writeSecret(`${project}/dev`, { API_KEY: 'fake-api-key-not-real' });
    const policy = unique('errs-read');
    await writePolicy(policy, `path "secret/data/${project}/dev" { capabilities = ["read"] }\npath "secret/data/${project}/missing" { capabilities = ["read"] }`);
    readToken = await tokenWith([policy]);
  });
  afterAll(() => proxy.close());
  beforeEach(() => proxy.reset());

  const signedIn = async (overrides = {}, http = {}) => {
    const made = makeAdapter(overrides, { http });
    await made.adapter.login({ method: 'token', token: readToken });
    return made;
  };

  it('wrong userpass password → UNAUTHENTICATED naming the backend', async () => {
    const user = await userpassUser(['default']);
    const { adapter, store } = makeAdapter({ auth: { method: 'userpass', mount: user.mount } });
    const error = await caught(adapter.login({ method: 'userpass', username: user.username, password: 'fake-wrong-password' }));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong username or password for test-vault.' });
    expect(store.entries.size).toBe(0);
  });

  it('a bad token is refused at login and nothing is stored', async () => {
    const { adapter, store } = makeAdapter();
    const error = await caught(adapter.login({ method: 'token', token: 'fake-token-not-real' }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/^test-vault \(Vault at \S+\) refused the token: it is wrong, expired or revoked\.$/);
    expect(error.next).toEqual({ action: 'login', backend: 'test-vault' });
    expect(store.entries.size).toBe(0);
  });

  it('a token revoked after sign-in → UNAUTHENTICATED with the login hint (not FORBIDDEN)', async () => {
    const token = await tokenWith(['default']);
    const { adapter } = makeAdapter();
    await adapter.login({ method: 'token', token });
    await fetch(`${inject('openbao').address}/v1/auth/token/revoke-self`, { method: 'POST', headers: { 'X-Vault-Token': token } });
    const error = await caught(adapter.read(envAt('test-vault', project, 'dev')));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', next: { action: 'login', backend: 'test-vault' } });
  });

  it('a policy denial → FORBIDDEN naming the path, with a request for access as the next step', async () => {
    const { adapter } = await signedIn();
    const error = await caught(adapter.read(envAt('test-vault', project, 'prod')));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain(`secret/data/${project}/prod`);
    expect(error.next).toEqual({ action: 'request-access', ref: `test-vault:${project}/prod` });
  });

  it('a missing path → NOT_FOUND naming the path', async () => {
    const { adapter } = await signedIn();
    const error = await caught(adapter.read(envAt('test-vault', project, 'missing')));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(`secret/data/${project}/missing`);
  });

  it('429 with Retry-After is retried and then succeeds', async () => {
    const { adapter, counter } = await signedIn({ url: proxy.url });
    proxy.setMode({ kind: 'rate-limit', retryAfter: '1', times: 2 });
    counter.requests = 0;
    const started = Date.now();
    const bundle = await adapter.read(envAt('test-vault', project, 'dev'));
    expect(bundle.values.API_KEY).toBe('fake-api-key-not-real');
    expect(counter.requests).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it('429 that outlasts the retries → RATE_LIMITED with the wait time', async () => {
    const { adapter, counter } = await signedIn({ url: proxy.url });
    proxy.setMode({ kind: 'rate-limit', retryAfter: '120' });
    counter.requests = 0;
    const error = await caught(adapter.read(envAt('test-vault', project, 'dev')));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toContain('120 s');
    // 120 s is over the cap: we do not sit and wait, we tell the person.
    expect(counter.requests).toBe(1);
  });

  it('a 503 that is not "sealed" is retried (bounded), then BACKEND_UNAVAILABLE', async () => {
    const { adapter, counter } = await signedIn({ url: proxy.url });
    proxy.setMode({ kind: 'status', status: 503 });
    counter.requests = 0;
    const error = await caught(adapter.read(envAt('test-vault', project, 'dev')));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toContain('test-vault');
    expect(counter.requests).toBe(3);
  });

  it('connection refused → BACKEND_UNAVAILABLE naming backend and URL', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const { adapter } = makeAdapter({ url });
    const error = await caught(adapter.login({ method: 'token', token: 'fake-token-not-real' }));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toBe(`test-vault (Vault at ${url}) refused the connection.`);
    expect(error.hint).toMatch(/server is running/);
  });

  it('a server that hangs → BACKEND_UNAVAILABLE after the timeout', async () => {
    const { adapter } = await signedIn({ url: proxy.url }, { timeoutMs: 400 });
    proxy.setMode({ kind: 'hang' });
    const error = await caught(adapter.read(envAt('test-vault', project, 'dev')));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toContain('did not answer within 0.4 s');
  });

  it('malformed JSON → BACKEND_UNAVAILABLE saying the answer was not JSON', async () => {
    const { adapter } = await signedIn({ url: proxy.url });
    proxy.setMode({ kind: 'malformed' });
    const error = await caught(adapter.read(envAt('test-vault', project, 'dev')));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toMatch(/not JSON/);
  });

  it('a closed connection is retried for reads and succeeds on the next attempt', async () => {
    const { adapter, counter } = await signedIn({ url: proxy.url });
    proxy.setMode({ kind: 'close', times: 1 });
    counter.requests = 0;
    expect((await adapter.read(envAt('test-vault', project, 'dev'))).values.API_KEY).toBe('fake-api-key-not-real');
    expect(counter.requests).toBe(2);
  });

  it('a connection that keeps closing → BACKEND_UNAVAILABLE', async () => {
    const { adapter } = await signedIn({ url: proxy.url });
    proxy.setMode({ kind: 'close' });
    const error = await caught(adapter.read(envAt('test-vault', project, 'dev')));
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: `test-vault (Vault at ${proxy.url}) closed the connection before answering.` });
  });
});

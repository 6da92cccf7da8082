import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createAwsBackend } from '../../../electron/backends/aws/adapter';
import type { EnvLocator } from '../../../electron/backends/types';
import { AppError } from '../../../shared/errors';
import { startFaultProxy, type FaultProxy } from '../../fakes/fault-proxy';
import { freePort } from '../../setup/ports';
import { MotoWorld, READER_ACTIONS, type AwsKeys } from '../../support/aws';
import { MemoryStore } from '../../support/memory-store';

// A fault proxy in front of the real moto server answers with the error bodies AWS documents for the
// JSON protocol (`{"__type": …}`), which moto itself never sends (it does not throttle, expire tokens or
// fail). Those tests prove Latchkey's mapping and the SDK's retries, not AWS's decisions.
const world = new MotoWorld(inject('moto'));
let proxy: FaultProxy;
let keys: AwsKeys;
const VALUE = 'canary7-fake-value-not-real';
const dev: EnvLocator = { ref: 'acme-aws:payments/dev', project: 'payments', env: 'dev', path: `${world.prefix}payments/dev` };
const awsError = (type: string, message: string, status = 400) => ({ kind: 'status' as const, status, body: JSON.stringify({ __type: type, message }) });

beforeAll(async () => {
  proxy = await startFaultProxy(world.moto.endpoint, { keepHost: true });
  keys = await world.user(READER_ACTIONS);
  await world.secret('payments/dev', { API_KEY: VALUE });
});
afterAll(async () => {
  await proxy.close();
  world.close();
});
beforeEach(() => proxy.reset());

async function adapterVia(endpoint: string, http: { timeoutMs?: number } = {}) {
  const adapter = createAwsBackend({ config: world.config('acme-aws', { endpoint }), secretStore: new MemoryStore(), http });
  proxy.setMode({ kind: 'pass' });
  await adapter.login({ method: 'keys', ...keys });
  proxy.reset();
  return adapter;
}

/** The AppError a call failed with; a call that succeeds fails the test. */
const failure = (promise: Promise<unknown>): Promise<AppError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as AppError,
  );

/** Nothing a user may see carries a credential or a secret value. */
function expectClean(error: AppError) {
  const shown = JSON.stringify({ message: error.message, hint: error.hint, next: error.next });
  // The value's first characters too: a JSON parser quotes only the start of the text it choked on.
  for (const secret of [keys.secretAccessKey, keys.accessKeyId, VALUE, VALUE.slice(0, 8)]) expect(shown).not.toContain(secret);
}

describe('AWS errors, mapped like the other backends', () => {
  it('throttling: the SDK retries, then the answer comes through', async () => {
    const adapter = await adapterVia(proxy.url);
    proxy.setMode({ ...awsError('ThrottlingException', 'Rate exceeded'), times: 2 });
    expect((await adapter.describe(dev)).map((m) => m.key)).toEqual(['API_KEY']);
    // GetSecretValue and DescribeSecret run together: 2 throttled answers, then each succeeds.
    expect(proxy.requests.length).toBe(4);
  });

  it('throttling that does not stop is RATE_LIMITED after the retries, with a retry step', async () => {
    const adapter = await adapterVia(proxy.url);
    proxy.setMode(awsError('ThrottlingException', 'Rate exceeded'));
    const error = await failure(adapter.read(dev));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('after 3 attempts'), next: { action: 'retry' } });
    expectClean(error);
  });

  it('an expired session is UNAUTHENTICATED with the SSO sign-in in words and as the next step', async () => {
    const adapter = createAwsBackend({ config: world.config('acme-aws', { endpoint: proxy.url, profile: 'acme-dev' }), secretStore: new MemoryStore() });
    await adapter.login({ method: 'keys', ...keys });
    proxy.setMode(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    const error = await failure(adapter.read(dev));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', hint: expect.stringContaining('SSO sign-in for the profile acme-dev'), next: { action: 'aws-sso-login', profile: 'acme-dev' } });
    expectClean(error);
  });

  it('AccessDeniedException is FORBIDDEN, with what AWS said (redacted)', async () => {
    const adapter = await adapterVia(proxy.url);
    proxy.setMode(awsError('AccessDeniedException', `User: arn:aws:iam::123456789012:user/bob is not authorized to perform: secretsmanager:GetSecretValue (key ${keys.accessKeyId})`));
    const error = await failure(adapter.read(dev));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('is not authorized to perform: secretsmanager:GetSecretValue') });
    expectClean(error);
  });

  it('a key AWS does not recognise is UNAUTHENTICATED with a sign-in step', async () => {
    const adapter = await adapterVia(proxy.url);
    proxy.setMode(awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'));
    const error = await failure(adapter.discover());
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', next: { action: 'login', backend: 'acme-aws' } });
    expectClean(error);
  });

  it('a failing service is BACKEND_UNAVAILABLE after the SDK retried it', async () => {
    const adapter = await adapterVia(proxy.url);
    proxy.setMode(awsError('InternalServiceError', 'boom', 500));
    const error = await failure(adapter.discover());
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(proxy.requests.length).toBe(3);
  });

  it('an endpoint that is down is BACKEND_UNAVAILABLE naming the address', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const adapter = createAwsBackend({ config: world.config('acme-aws', { endpoint: closed }), secretStore: new MemoryStore() });
    const error = await failure(adapter.login({ method: 'keys', ...keys }));
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: expect.stringContaining(closed) });
    expectClean(error);
  });

  it('a hanging endpoint times out as BACKEND_UNAVAILABLE', async () => {
    const adapter = await adapterVia(proxy.url, { timeoutMs: 300 });
    proxy.setMode({ kind: 'hang' });
    expect(await failure(adapter.discover())).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('canary: a cut or garbled answer holding a secret value never puts the value in the message', async () => {
    const adapter = await adapterVia(proxy.url);
    proxy.setMode({ kind: 'truncate' });
    const cut = await failure(adapter.read(dev));
    expect(cut).toBeInstanceOf(AppError);
    expectClean(cut);
    // A JSON parser's message quotes the text it choked on: here, the value itself (a proxy page, say).
    proxy.setMode({ kind: 'status', status: 200, body: VALUE });
    const garbled = await failure(adapter.read(dev));
    expect(garbled).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expectClean(garbled);
  });

  it('health reports signed out, not unreachable, when the chain finds no credentials', async () => {
    const adapter = createAwsBackend({ config: world.config('acme-aws', { profile: 'no-such-profile' }), secretStore: new MemoryStore() });
    const health = await adapter.health();
    expect(health).toMatchObject({ reachable: true, signedIn: false, detail: expect.stringContaining('No AWS credentials were found for acme-aws (AWS profile no-such-profile)') });
    // doctor shows the detail: it must say how to sign in to AWS itself.
    expect(health.detail).toContain('SSO sign-in for the profile no-such-profile');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createDispatch, type Handlers } from '../../electron/ipc-dispatch';
import { AppError } from '../../shared/errors';

const info = {
  name: 'Latchkey' as const,
  version: '9.9.9',
  dataDir: '/tmp/fake',
  platform: 'linux-x64',
  keychain: { backend: 'keychain' as const, detail: 'test' },
  demo: false,
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app:info': vi.fn(async () => info),
    'identity:status': vi.fn(async () => ({ deviceKeyPresent: false, fingerprint: null, publicKey: null, createdAt: null })),
    ...overrides,
  } as Handlers;
}

describe('the IPC dispatch chokepoint', () => {
  it('answers a valid call with an ok envelope', async () => {
    const dispatch = createDispatch(handlers());
    expect(await dispatch('app:info', {})).toEqual({ ok: true, value: info });
  });

  it('refuses an unknown channel without calling any service', async () => {
    const h = handlers();
    const result = await createDispatch(h)('app:shutdown', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(h['app:info']).not.toHaveBeenCalled();
  });

  it.each([['__proto__'], ['constructor'], ['toString'], [42], [null]])('refuses the non-channel %s', async (name) => {
    expect(await createDispatch(handlers())(name, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a payload that does not match the schema before the service runs', async () => {
    const h = handlers();
    const result = await createDispatch(h)('app:info', { extra: 'field' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(h['app:info']).not.toHaveBeenCalled();
  });

  it('passes AppErrors through with code, message and hint', async () => {
    const dispatch = createDispatch(handlers({ 'app:info': async () => { throw new AppError('SEALED', 'Vault is sealed.', 'Unseal it.'); } }));
    expect(await dispatch('app:info', {})).toEqual({ ok: false, error: { code: 'SEALED', message: 'Vault is sealed.', hint: 'Unseal it.' } });
  });

  it('turns unexpected errors into INTERNAL without their text (it may hold a secret)', async () => {
    const dispatch = createDispatch(handlers({ 'app:info': async () => { throw new Error('fake-token-canary-0b1'); } }));
    const result = await dispatch('app:info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('fake-token-canary-0b1');
  });

  it('strips fields a service returns beyond the output schema', async () => {
    const dispatch = createDispatch(handlers({ 'app:info': async () => ({ ...info, token: 'fake-token-canary-2c4' }) as never }));
    const result = await dispatch('app:info', {});
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('fake-token-canary-2c4');
  });
});

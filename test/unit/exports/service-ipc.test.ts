import { describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('the exports IPC channels', () => {
  it('list, revoke and create answer through the dispatch with Results and people-readable errors', async () => {
    const services = await createServices({ dataDir: await tempDir(), secretStore: new MemoryStore() });
    expect(await services.dispatch('exports:list', {})).toEqual({ ok: true, value: [] });
    expect(await services.dispatch('exports:revoke', { id: 'deadbeef' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await services.dispatch('exports:create', { ref: 'acme:payments/dev', path: '/tmp/.env', ttl: 'soon' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('"soon" is not a duration') },
    });
    expect(await services.dispatch('exports:create', { ref: 'acme:payments/dev', path: '/tmp/.env', format: 'yaml' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await services.dispatch('exports:create', { ref: 'acme:payments/dev', path: '.env' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('absolute path') },
    });
    await services.close();
  });
});

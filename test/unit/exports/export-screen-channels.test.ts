import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../electron/event-bus';
import { FAKE_REF, fakeTeamServices } from '../../support/fake-team-services';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('export channels the Exports screen uses', () => {
  it('exports:limits offers the profile default and max, the default never above the max', async () => {
    const capped = await fakeTeamServices(await tempDir(), { maxTtl: '4h', defaultTtl: '1d' });
    expect(await capped.dispatch('exports:limits', { ref: FAKE_REF })).toEqual({ ok: true, value: { defaultTtl: '4h', maxTtl: '4h', maxFromProfile: true } });
    const plain = await fakeTeamServices(await tempDir());
    expect(await plain.dispatch('exports:limits', { ref: FAKE_REF })).toEqual({ ok: true, value: { defaultTtl: '8h', maxTtl: '30d', maxFromProfile: false } });
  });

  it('exports:extend moves the expiry within the max from creation, and refuses beyond it', async () => {
    const services = await fakeTeamServices(await tempDir(), { maxTtl: '4h' });
    const dir = await tempDir(); // a project folder: Latchkey never writes inside its data dir
    const created = await services.exports.create({ ref: FAKE_REF, path: path.join(dir, '.env'), ttl: '1h' });
    const extended = await services.dispatch('exports:extend', { id: created.export.id, ttl: '3h' });
    expect(extended).toMatchObject({ ok: true, value: { export: { id: created.export.id }, headerUpdated: true, warnings: [] } });
    const expiresAt = (extended as { value: { export: { expiresAt: string } } }).value.export.expiresAt;
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(2.9 * 3600_000);
    expect(await readFile(path.join(dir, '.env'), 'utf8')).toContain(`expires ${expiresAt}.`);
    expect(await services.dispatch('exports:extend', { id: created.export.id, ttl: '5h' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('the max is 4h') },
    });
    expect(await services.dispatch('exports:extend', { id: created.export.id, ttl: 'forever' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await services.audit.list()).filter((e) => e.action === 'export.extend')).toHaveLength(1);
  });

  it('an ended export says what was left on disk, in the revoke answer and in the exports:expired event', async () => {
    const services = await fakeTeamServices(await tempDir());
    const dir = await tempDir();
    const events: Array<EventPayload<'exports:expired'>> = [];
    services.events.on('exports:expired', (e) => events.push(e));
    const file = path.join(dir, '.env');
    const created = await services.exports.create({ ref: FAKE_REF, path: file, ttl: '1h' });
    await appendFile(file, 'MY_OWN_LINE=kept\n');
    const revoked = await services.dispatch('exports:revoke', { id: created.export.id });
    expect(revoked).toMatchObject({ ok: true, value: { fileRemoved: false, left: expect.stringContaining('was edited after export') } });
    expect(events).toEqual([{ id: created.export.id, ref: FAKE_REF, path: created.export.path, reason: 'revoked', fileRemoved: false, left: expect.stringContaining('was edited after export') }]);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FAKE_REF, fakeTeamServices } from '../../support/fake-team-services';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('the Activity screen channels', () => {
  it('audit:list filters by environment, action and outcome, newest first, with every choice to filter by', async () => {
    const services = await fakeTeamServices(await tempDir());
    const audit = services.audit;
    await audit.append({ action: 'secret.reveal', target: FAKE_REF, outcome: 'ok', details: { key: 'API_KEY' } });
    await audit.append({ action: 'secret.reveal', target: 'acme:payments/prod', outcome: 'denied', details: { key: 'API_KEY', code: 'FORBIDDEN' } });
    await audit.append({ action: 'login', target: 'acme', outcome: 'ok' });
    await audit.append({ action: 'export.create', target: FAKE_REF, outcome: 'ok', details: { id: 'abc' } });

    const all = await services.dispatch('audit:list', {});
    expect(all).toMatchObject({
      ok: true,
      value: { total: 4, actions: ['export.create', 'login', 'secret.reveal'], environments: ['acme:payments/dev', 'acme:payments/prod'] },
    });
    const entries = (all as { value: { entries: Array<Record<string, unknown>> } }).value.entries;
    expect(entries.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    expect(entries[0]).not.toHaveProperty('hmac');

    const seqs = async (input: Record<string, unknown>) =>
      ((await services.dispatch('audit:list', input)) as { value: { entries: Array<{ seq: number }> } }).value.entries.map((e) => e.seq);
    expect(await seqs({ target: FAKE_REF })).toEqual([4, 1]);
    expect(await seqs({ action: 'secret.reveal' })).toEqual([2, 1]);
    expect(await seqs({ outcome: 'denied' })).toEqual([2]);
    expect(await seqs({ target: FAKE_REF, action: 'secret.reveal' })).toEqual([1]);
    expect(await seqs({ limit: 2 })).toEqual([4, 3]);
    expect(await services.dispatch('audit:list', { outcome: 'maybe' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('audit:verify reports an intact log, then the first edited line', async () => {
    const services = await fakeTeamServices(await tempDir());
    const audit = services.audit;
    for (const key of ['A', 'B', 'C']) await audit.append({ action: 'secret.reveal', target: FAKE_REF, outcome: 'ok', details: { key } });
    expect(await services.dispatch('audit:verify', {})).toEqual({ ok: true, value: { ok: true, entries: 3 } });
    const lines = (await readFile(audit.file, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"key":"B"', '"key":"Z"');
    await writeFile(audit.file, lines.join('\n'));
    expect(await services.dispatch('audit:verify', {})).toMatchObject({ ok: true, value: { ok: false, badLine: 2, problem: expect.stringContaining('edited') } });
  });
});

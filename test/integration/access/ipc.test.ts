import { afterAll, describe, expect, it } from 'vitest';
import type { AccessNotification } from '../../../shared/access';
import { parseTeamProfile } from '../../../electron/config/profile-store';
import { createServices, type Services } from '../../../electron/services';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';
import { DOPPLER_PEOPLE, dopplerTeam } from './doppler-team';

const tempDir = useTempDirs();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(closers.map((close) => close())));

/** A person's services as the app builds them (in-memory keychain), every IPC payload recorded. */
async function person(team: Awaited<ReturnType<typeof dopplerTeam>>, who: keyof typeof DOPPLER_PEOPLE) {
  const store = new MemoryStore();
  const services = await createServices({ dataDir: await tempDir(), secretStore: store });
  closers.push(() => services.close());
  const profile = parseTeamProfile(JSON.stringify(team.profile), 'team.json');
  for (const backend of profile.backends) await services.backends.upsert(backend);
  await services.profiles.save(profile);
  await services.setup.signIn('dop', { method: 'token', token: DOPPLER_PEOPLE[who].token });
  const payloads: string[] = [];
  const call = async (channel: string, input: unknown) => {
    const result = await services.dispatch(channel, input);
    payloads.push(JSON.stringify(input), JSON.stringify(result));
    return result as { ok: boolean; value?: any; error?: { code: string; message: string; next?: any } };
  };
  return { services, store, call, payloads };
}

function notes(services: Services): AccessNotification[] {
  const seen: AccessNotification[] = [];
  services.events.on('access:notification', (n) => seen.push(n));
  return seen;
}

describe('access requests over the IPC contract (the same dispatch the window uses)', () => {
  it('asks, approves after confirming the device, receives, gives back; notifies; no payload ever carries the grant', async () => {
    const team = await dopplerTeam(tempDir);
    closers.push(() => team.sim.close());
    const lead = await person(team, 'lead');
    const dev = await person(team, 'dev');
    expect((await lead.services.access.setup('dop', { dryRun: false })).length).toBe(2);
    const leadNotes = notes(lead.services);
    const devNotes = notes(dev.services);
    await dev.services.accessNotifier.poll();

    const form = await dev.call('access:requestForm', { ref: 'dop:payments/stg' });
    expect(form.value).toEqual({
      ref: 'dop:payments/stg', backend: 'dop', approvers: [DOPPLER_PEOPLE.lead.email], reasonMinLength: 10, defaultDuration: '1h', maxDuration: '8h', maxFromProfile: true,
      device: { fingerprint: expect.stringMatching(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/), trust: 'mine' },
    });
    expect((await dev.call('access:requestForm', { ref: 'dop:payments/none' })).error?.code).toBe('BAD_REQUEST');
    const asked = await dev.call('access:request', { ref: 'dop:payments/stg', reason: 'JIRA-90: check a staging payout', duration: '2h' });
    expect(asked).toMatchObject({ ok: true, value: { state: 'pending', box: 'mine', device: { trust: 'mine', fingerprint: form.value.device.fingerprint } } });
    const id = asked.value.id as string;
    expect((await dev.call('access:request', { ref: 'dop:payments/stg', reason: 'x' })).error?.code).toBe('BAD_REQUEST');
    expect((await dev.call('access:request', { ref: 'not a ref', reason: 'JIRA-90: check a staging payout' })).error?.code).toBe('BAD_REQUEST');

    await lead.services.accessNotifier.poll();
    expect(leadNotes).toEqual([expect.objectContaining({ kind: 'waiting', id, ref: 'dop:payments/stg' })]);
    const inbox = await lead.call('access:list', { box: 'inbox' });
    expect(inbox.value.requests).toEqual([expect.objectContaining({ id, box: 'inbox', device: { fingerprint: asked.value.device.fingerprint, trust: 'new' } })]);

    const unconfirmed = await lead.call('access:approve', { id, duration: '1h' });
    expect(unconfirmed.error).toMatchObject({ code: 'CONFLICT', next: { action: 'approve-device', id, fingerprint: asked.value.device.fingerprint } });
    const approved = await lead.call('access:approve', { id, duration: '1h', comment: 'go ahead', device: unconfirmed.error!.next.fingerprint });
    expect(approved.value).toMatchObject({ state: 'active', decision: { grantedSeconds: 3600, comment: 'go ahead' } });

    const mine = await dev.call('access:list', { box: 'mine' });
    expect(mine.value.requests[0]).toMatchObject({ id, state: 'active', secondsLeft: expect.any(Number) });
    await dev.services.accessNotifier.poll();
    expect(devNotes).toEqual([expect.objectContaining({ kind: 'approved', id })]);
    const envs = await dev.call('catalog:list', {});
    expect(envs.value.find((e: { ref: string }) => e.ref === 'dop:payments/stg')).toMatchObject({ access: 'granted', grant: { requestId: id } });
    expect((await dev.call('secrets:describe', { ref: 'dop:payments/stg' })).value.secrets.map((s: { key: string }) => s.key)).toContain('STRIPE_KEY');

    const credential = dev.store.entries.get([...dev.store.entries.keys()].find((k) => k.endsWith(`grant:${id}`))!)!;
    expect(credential).toMatch(/^dp\.st\./);
    expect(await lead.call('access:revokeGrant', { id: 'zz' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dev.call('access:giveBack', { id })).toMatchObject({ ok: true, value: { state: 'given-back' } });
    expect(await dev.call('access:cancel', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await lead.call('access:list', { box: 'inbox' })).value.requests).toEqual([]);
    for (const payload of [...dev.payloads, ...lead.payloads]) expect(payload).not.toContain(credential);
    expect(dev.payloads.length).toBeGreaterThan(10);
  }, 60_000);

  it('tells the requester about a denial, with the reason', async () => {
    const team = await dopplerTeam(tempDir);
    closers.push(() => team.sim.close());
    const lead = await person(team, 'lead');
    const dev = await person(team, 'dev');
    await lead.services.access.setup('dop', { dryRun: false });
    const seen = notes(dev.services);
    const denied = await dev.services.access.request({ ref: 'dop:payments/prd', reason: 'JIRA-92: production, just in case' });
    await dev.services.accessNotifier.poll();
    await lead.services.access.deny({ id: denied.id, reason: 'not needed for this ticket' });
    await dev.services.accessNotifier.poll();
    await dev.services.accessNotifier.poll();
    expect(seen.map((n) => n.kind)).toEqual(['denied']);
    expect(seen[0]!.message).toContain('not needed for this ticket');
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { deviceFingerprint, openSealed, sealTo, signBody, verifyBody } from '../../../electron/access/crypto';
import { fakeDevice } from './fixtures';

describe('access crypto', () => {
  it('a signature verifies only for the same body, kind and key', async () => {
    const device = await fakeDevice();
    const other = await fakeDevice();
    const body = { id: 'x', durationSeconds: 3600 };
    const sig = await signBody('request', body, device.signPrivate);
    expect(await verifyBody('request', body, sig, device.public.sign)).toBe(true);
    expect(await verifyBody('request', { ...body, durationSeconds: 7200 }, sig, device.public.sign)).toBe(false);
    expect(await verifyBody('decision', body, sig, device.public.sign)).toBe(false);
    expect(await verifyBody('request', body, sig, other.public.sign)).toBe(false);
    expect(await verifyBody('request', body, 'not-a-signature', device.public.sign)).toBe(false);
  });

  it('a sealed grant opens only with the device it was sealed to', async () => {
    const device = await fakeDevice();
    const other = await fakeDevice();
    const sealed = await sealTo(device.public.box, 'hvs.fake-grant-token');
    expect(sealed).not.toContain('fake-grant-token');
    expect(await openSealed(sealed, device, 'request x')).toBe('hvs.fake-grant-token');
    await expect(openSealed(sealed, other, 'request x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const flipped = sealed.slice(0, 10) + (sealed[10] === 'A' ? 'B' : 'A') + sealed.slice(11);
    await expect(openSealed(flipped, device, 'request x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the device fingerprint changes when either key changes', async () => {
    const a = await fakeDevice();
    const b = await fakeDevice();
    const fp = deviceFingerprint(a.public);
    expect(fp).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
    expect(deviceFingerprint({ box: a.public.box, sign: b.public.sign })).not.toBe(fp);
    expect(deviceFingerprint({ box: b.public.box, sign: a.public.sign })).not.toBe(fp);
  });
});

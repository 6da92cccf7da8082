import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { KeytarStore } from '../../../electron/identity/keychain';
import { scopeStore } from '../../../electron/identity/scoped-store';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { ok } from './cli-json';
import { vaultTeam } from './vault-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the grant credential the requester's Latchkey keeps in the keychain (the test's canary). */
async function grantCredential(home: string, id: string): Promise<string | null> {
  return scopeStore(await KeytarStore.open(), home).get(`grant:${id}`);
}

async function readWith(address: string, token: string, mountPath: string): Promise<number> {
  return (await fetch(`${address}/v1/${mountPath}`, { headers: { 'X-Vault-Token': token } })).status;
}

describe.skipIf(skip !== null)('access requests on a real OpenBao, through the CLI, with two people', () => {
  const openbao = inject('openbao');

  it('request → approve shorter → receive → export → expires at the server → request again → give back', async () => {
    const team = await vaultTeam(openbao, tempDir);
    const admin = await team.home('admin');
    const dry = await ok(['admin', 'setup', 'acme', '--dry-run'], admin);
    expect(dry.changes.map((c: { action: string }) => c.action)).toEqual(['create', 'create', 'create', 'create']);
    expect((await fetch(`${openbao.address}/v1/sys/mounts/${team.ledger}`, { headers: { 'X-Vault-Token': openbao.token } })).status).not.toBe(200);
    await ok(['admin', 'setup', 'acme'], admin);
    const again = await ok(['admin', 'setup', 'acme'], admin);
    expect(again.changes.map((c: { action: string }) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);

    const alice = await team.home('alice');
    const lead = await team.home('lead');
    const asked = await ok(['request', 'acme:payments/staging', '--reason', 'INC-4242: debug the checkout', '--duration', '8h'], alice);
    expect(asked).toMatchObject({ state: 'pending', ref: 'acme:payments/staging', durationSeconds: 8 * 3600, requester: { name: team.people.alice.username } });
    expect(asked.deviceFingerprint).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);

    const inbox = await ok(['requests', '--inbox'], lead);
    expect(inbox.requests).toHaveLength(1);
    expect(inbox.requests[0]).toMatchObject({ id: asked.id, state: 'pending', device: { fingerprint: asked.deviceFingerprint, trust: 'new' } });

    // A device seen for the first time needs its fingerprint confirmed; without a terminal, --device does it.
    const unconfirmed = await cli(['approve', asked.id, '--duration', '12s'], { home: lead });
    expect(unconfirmed.code).toBe(4);
    expect(unconfirmed.stderr).toContain(asked.deviceFingerprint);
    expect(unconfirmed.stderr).toContain(`latchkey approve ${asked.id} --device ${asked.deviceFingerprint}`);
    const approved = await ok(['approve', asked.id.slice(0, 8), '--duration', '15s', '--device', asked.deviceFingerprint, '--comment', 'ok for today'], lead);
    expect(approved).toMatchObject({ state: 'active', decision: { verdict: 'approved', grantedSeconds: 15, comment: 'ok for today', by: team.people.lead.username } });

    const mine = await ok(['requests', '--mine'], alice);
    expect(mine.requests[0]).toMatchObject({ id: asked.id, state: 'active' });
    const credential = (await grantCredential(alice, asked.id))!;
    expect(credential).toBeTruthy();
    expect(await readWith(openbao.address, credential, `${team.data}/data/payments/staging`)).toBe(200);

    const envs = await ok(['envs'], alice);
    const staging = envs.find((e: { ref: string }) => e.ref === 'acme:payments/staging');
    expect(staging).toMatchObject({ access: 'granted', grant: { requestId: asked.id } });

    const out = path.join(await tempDir(), '.env');
    const exported = await ok(['export', 'acme:payments/staging', '--out', out], alice);
    expect(Date.parse(exported.expiresAt)).toBeLessThanOrEqual(Date.parse(approved.decision.grantExpiresAt));
    expect(await fs.readFile(out, 'utf8')).toContain('fake-staging-key-not-real');

    // Nothing of Latchkey runs now; the server itself ends the grant.
    await sleep(Math.max(0, Date.parse(approved.decision.grantExpiresAt) - Date.now()) + 1500);
    expect(await readWith(openbao.address, credential, `${team.data}/data/payments/staging`)).toBe(403);
    const after = await ok(['requests', '--mine'], alice);
    expect(after.requests[0]).toMatchObject({ id: asked.id, state: 'expired' });
    await expect(fs.stat(out)).rejects.toThrow();
    expect(await grantCredential(alice, asked.id)).toBeNull();

    // Again: the device is known now, so no fingerprint is needed; then given back early.
    const second = await ok(['request', 'acme:payments/staging', '--reason', 'INC-4242: one more look', '--duration', '1h'], alice);
    const inbox2 = await ok(['requests', '--inbox'], lead);
    expect(inbox2.requests.find((r: { id: string }) => r.id === second.id).device.trust).toBe('known');
    await ok(['approve', second.id], lead);
    const out2 = path.join(await tempDir(), '.env');
    await ok(['export', 'acme:payments/staging', '--out', out2], alice);
    const credential2 = (await grantCredential(alice, second.id))!;
    expect(await readWith(openbao.address, credential2, `${team.data}/data/payments/staging`)).toBe(200);
    const given = await ok(['give-back', second.id], alice);
    expect(given).toMatchObject({ state: 'given-back', exportsEnded: 1 });
    expect(await readWith(openbao.address, credential2, `${team.data}/data/payments/staging`)).toBe(403);
    await expect(fs.stat(out2)).rejects.toThrow();
    const final = await ok(['requests', '--mine'], alice);
    expect(final.requests.find((r: { id: string }) => r.id === second.id).state).toBe('given-back');
    const leadView = await ok(['requests', '--inbox'], lead);
    expect(leadView.requests.find((r: { id: string }) => r.id === second.id)).toBeUndefined();
  }, 90_000);
});

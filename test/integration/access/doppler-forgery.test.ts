import { afterAll, describe, expect, it } from 'vitest';
import { requestDigest, sealTo, signBody } from '../../../electron/access/crypto';
import { encodeRecord, type DecisionBody } from '../../../electron/access/records';
import { loadSodium } from '../../../electron/identity/sodium';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { ok } from './cli-json';
import { DOPPLER_PEOPLE, dopplerTeam } from './doppler-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(closers.map((close) => close())));

/**
 * Doppler lets any member with write access to the ledger config write any record. Here Mallory forges an
 * approval, signed with her own key and naming the real approver: the requester must not end up reading
 * anything with what she planted, and each refusal is audited.
 */
async function forgeApproval(team: Awaited<ReturnType<typeof dopplerTeam>>, requestId: string, grant: { sealed: string; handle: string }) {
  const sodium = await loadSodium();
  const keys = sodium.crypto_sign_keypair();
  const config = team.sim.state.projects.find((p) => p.slug === 'latchkey')!.configs.find((c) => c.name === 'requests')!;
  const request = JSON.parse(Buffer.from(config.secrets.get(`LATCHKEY_${requestId.toUpperCase()}_REQUEST`)!.raw, 'base64url').toString('utf8'));
  const now = Date.now();
  const body: DecisionBody = {
    v: 1,
    kind: 'decision',
    requestId,
    requestDigest: requestDigest(request.body),
    verdict: 'approved',
    approver: { id: 'forged', name: DOPPLER_PEOPLE.lead.email },
    device: { sign: sodium.to_base64(keys.publicKey) },
    decidedAt: new Date(now).toISOString(),
    comment: null,
    grantedSeconds: 3600,
    grantExpiresAt: new Date(now + 3600_000).toISOString(),
    grant: { type: 'doppler-service-token', ...grant },
  };
  const record = { body, sig: await signBody('decision', body, keys.privateKey) };
  const res = await fetch(`${team.sim.url}/v3/configs/config/secrets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DOPPLER_PEOPLE.mallory.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ project: 'latchkey', config: 'requests', secrets: { [`LATCHKEY_${requestId.toUpperCase()}_DECISION`]: encodeRecord(record) } }),
  });
  expect(res.status).toBe(200);
  await res.text();
  return request.body.device.box as string;
}

describe.skipIf(skip !== null)('forged approvals on Doppler', () => {
  it('refuses a grant sealed to another key, and one that opens a different config, and audits both', async () => {
    const team = await dopplerTeam(tempDir);
    closers.push(() => team.sim.close());
    await ok(['admin', 'setup', 'dop'], await team.home('lead'));
    const dev = await team.home('dev');

    const ledger = () => team.sim.state.projects.find((p) => p.slug === 'latchkey')!.configs.find((c) => c.name === 'requests')!;
    const deviceBox = (id: string) => JSON.parse(Buffer.from(ledger().secrets.get(`LATCHKEY_${id.toUpperCase()}_REQUEST`)!.raw, 'base64url').toString('utf8')).body.device.box as string;

    // 1. A grant sealed to some other key: the requester's device cannot open it.
    const first = await ok(['request', 'dop:payments/stg', '--reason', 'JIRA-81: first forged approval', '--duration', '1h'], dev);
    const sodium = await loadSodium();
    const stranger = sodium.to_base64(sodium.crypto_box_keypair().publicKey);
    await forgeApproval(team, first.id, { sealed: await sealTo(stranger, 'dp.st.stg.fakeNotARealTokenButLongEnough0000000000'), handle: 'x' });
    const afterFirst = await ok(['requests', '--mine'], dev);
    expect(afterFirst.requests.find((r: { id: string }) => r.id === first.id).problem).toContain('could not be opened');

    // 2. A real token sealed properly to the requester, but for payments/dev (Mallory's pick), not payments/prd.
    const made = await fetch(`${team.sim.url}/v3/configs/config/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DOPPLER_PEOPLE.lead.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project: 'payments', config: 'dev', name: 'planted', access: 'read' }),
    });
    const planted = ((await made.json()) as { token: { key: string; slug: string } }).token;
    const second = await ok(['request', 'dop:payments/prd', '--reason', 'JIRA-82: second forged approval', '--duration', '1h'], dev);
    await forgeApproval(team, second.id, { sealed: await sealTo(deviceBox(second.id), planted.key), handle: planted.slug });
    const afterSecond = await ok(['requests', '--mine'], dev);
    expect(afterSecond.requests.find((r: { id: string }) => r.id === second.id).problem).toContain('opens payments/dev, not payments/prd');

    // Neither was kept: nothing reads with them, and both refusals are in the audit log.
    const envs = await ok(['envs'], dev);
    expect(envs.find((e: { ref: string }) => e.ref === 'dop:payments/stg').grant ?? null).toBeNull();
    expect(envs.find((e: { ref: string }) => e.ref === 'dop:payments/prd').grant ?? null).toBeNull();
    const audit = (await ok(['audit'], dev)).filter((e: { action: string }) => e.action === 'access.grant.receive');
    expect(audit.map((e: { outcome: string; details: { reason: string } }) => `${e.outcome}:${e.details.reason}`)).toEqual(['failed:seal does not open', 'failed:not-a-grant']);
  }, 60_000);
});

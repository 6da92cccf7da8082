import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { fails, ok } from './cli-json';
import { downloadStatus, dopplerTeam } from './doppler-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STG = 'dop:payments/stg';
const closers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(closers.map((close) => close())));

async function setUp(options: { requestExpiry?: string } = {}) {
  const team = await dopplerTeam(tempDir, options);
  closers.push(() => team.sim.close());
  const lead = await team.home('lead');
  await ok(['admin', 'setup', 'dop'], lead);
  return { team, lead, dev: await team.home('dev') };
}

describe.skipIf(skip !== null)('access requests on the Doppler simulator, through the CLI, with two people', () => {
  it('request → approve shorter → receive → export → expires at the server → request again → give back', async () => {
    const team = await dopplerTeam(tempDir);
    closers.push(() => team.sim.close());
    const lead = await team.home('lead');
    const dry = await ok(['admin', 'setup', 'dop', '--dry-run'], lead);
    expect(dry.changes.map((c: { what: string; action: string }) => `${c.what}:${c.action}`)).toEqual(['project latchkey:create', 'config latchkey/requests:create']);
    expect(team.sim.state.projects.some((p) => p.slug === 'latchkey')).toBe(false);
    await ok(['admin', 'setup', 'dop'], lead);
    expect((await ok(['admin', 'setup', 'dop'], lead)).changes.every((c: { action: string }) => c.action === 'unchanged')).toBe(true);

    const dev = await team.home('dev');
    const asked = await ok(['request', STG, '--reason', 'JIRA-77: reproduce the billing bug', '--duration', '8h'], dev);
    expect(asked).toMatchObject({ state: 'pending', requester: { name: 'dev@example.invalid' } });
    const inbox = await ok(['requests', '--inbox'], lead);
    expect(inbox.requests.map((r: { id: string }) => r.id)).toEqual([asked.id]);
    const approved = await ok(['approve', asked.id, '--duration', '15s', '--device', asked.deviceFingerprint], lead);
    expect(approved.decision).toMatchObject({ verdict: 'approved', grantedSeconds: 15, by: 'lead@example.invalid' });
    const [grantToken] = team.serviceTokens('payments', 'stg');
    expect(grantToken).toMatchObject({ scope: { access: 'read' } });
    // Sealed before it touches the ledger: neither the raw records nor their decoded JSON hold the token.
    const ledger = [...team.sim.state.projects.find((p) => p.slug === 'latchkey')!.configs.find((c) => c.name === 'requests')!.secrets.values()];
    for (const { raw } of ledger) for (const text of [raw, Buffer.from(raw, 'base64url').toString('utf8')]) expect(text).not.toContain(grantToken!.key);
    expect(Date.parse(grantToken!.expiresAt!)).toBeLessThanOrEqual(Date.now() + 15_500);

    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('active');
    const envs = await ok(['envs'], dev);
    expect(envs.find((e: { ref: string }) => e.ref === STG)).toMatchObject({ access: 'granted', grant: { requestId: asked.id } });
    const out = path.join(await tempDir(), '.env');
    const exported = await ok(['export', STG, '--out', out], dev);
    expect(Date.parse(exported.expiresAt)).toBeLessThanOrEqual(Date.parse(approved.decision.grantExpiresAt));
    expect(await fs.readFile(out, 'utf8')).toContain('sk_test_fake_stg_not_real');
    expect(await downloadStatus(team.sim.url, grantToken!.key)).toBe(200);

    await sleep(Math.max(0, Date.parse(approved.decision.grantExpiresAt) - Date.now()) + 1200);
    expect(await downloadStatus(team.sim.url, grantToken!.key)).toBe(401);
    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('expired');
    await expect(fs.stat(out)).rejects.toThrow();

    const second = await ok(['request', STG, '--reason', 'JIRA-77: check the fix on staging', '--duration', '1h'], dev);
    expect((await ok(['requests', '--inbox'], lead)).requests[0].device.trust).toBe('known');
    await ok(['approve', second.id], lead);
    const out2 = path.join(await tempDir(), '.env');
    await ok(['export', STG, '--out', out2], dev);
    const grant2 = team.serviceTokens('payments', 'stg').find((t) => t.name === `latchkey-${second.id}`)!;
    expect(await downloadStatus(team.sim.url, grant2.key)).toBe(200);
    expect(await ok(['give-back', second.id], dev)).toMatchObject({ state: 'given-back', exportsEnded: 1 });
    expect(await downloadStatus(team.sim.url, grant2.key)).toBe(401);
    await expect(fs.stat(out2)).rejects.toThrow();
  }, 60_000);

  it('an approver revokes a grant at the server; the requester\'s exports made with it end at the next look', async () => {
    const { team, lead, dev } = await setUp();
    const asked = await ok(['request', STG, '--reason', 'JIRA-78: compare staging config', '--duration', '2h'], dev);
    await ok(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    const out = path.join(await tempDir(), '.env');
    const exported = await ok(['export', STG, '--out', out, '--ttl', '1h'], dev);
    const longer = await fails(['extend', exported.id, '--ttl', '3h'], dev);
    expect(longer.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('cannot outlive it') });
    const grant = team.serviceTokens('payments', 'stg')[0]!;
    expect(await ok(['revoke-grant', asked.id], lead)).toMatchObject({ state: 'revoked' });
    expect(await downloadStatus(team.sim.url, grant.key)).toBe(401);
    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('revoked');
    await expect(fs.stat(out)).rejects.toThrow();
    const audit = (await ok(['audit'], dev)).map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['access.request', 'access.grant.receive', 'access.grant.end']));
  }, 60_000);

  it('a run made with a grant is stopped when the grant ends', async () => {
    const { lead, dev } = await setUp();
    const asked = await ok(['request', STG, '--reason', 'JIRA-83: a long-running script', '--duration', '1h'], dev);
    await ok(['approve', asked.id, '--duration', '8s', '--device', asked.deviceFingerprint], lead);
    await ok(['requests', '--mine'], dev);
    const started = Date.now();
    const run = await cli(['run', STG, '--', process.execPath, '-e', 'setTimeout(() => {}, 30000)'], { home: dev });
    expect(run.code).toBe(143); // SIGTERM, as a shell reports it
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('keeps a request made while Doppler is down as "not sent" and sends it with the next command', async () => {
    const { team, lead, dev } = await setUp();
    // Each request is tried 3 times: the first command's 3 fail, and so does the sending before the next one.
    team.sim.failNext({ status: 503, count: 6 });
    const asked = await ok(['request', STG, '--reason', 'JIRA-79: staging while the API is down'], dev);
    expect(asked).toMatchObject({ state: 'not-sent' });
    expect(asked.problem).toContain('Not sent yet');
    const again = await fails(['request', STG, '--reason', 'JIRA-79: staging while the API is down'], dev);
    expect(again.error.code).toBe('CONFLICT');
    expect(again.error.message).toContain(`request ${asked.id} is waiting to be sent`);
    expect((await ok(['requests', '--inbox'], lead)).requests).toEqual([]);

    const next = await cli(['exports'], { home: dev });
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`sent access request ${asked.id}`);
    expect((await ok(['requests', '--inbox'], lead)).requests.map((r: { id: string }) => r.id)).toEqual([asked.id]);
    expect((await ok(['requests', '--mine'], dev)).requests[0]).toMatchObject({ id: asked.id, state: 'pending' });
  }, 60_000);

  it('a record changed by another member shows as tampered and cannot be approved', async () => {
    const { team, lead, dev } = await setUp();
    const asked = await ok(['request', STG, '--reason', 'JIRA-80: a normal request', '--duration', '1h'], dev);
    const config = team.sim.state.projects.find((p) => p.slug === 'latchkey')!.configs.find((c) => c.name === 'requests')!;
    const name = `LATCHKEY_${asked.id.toUpperCase()}_REQUEST`;
    const record = JSON.parse(Buffer.from(config.secrets.get(name)!.raw, 'base64url').toString('utf8'));
    record.body.durationSeconds = 8 * 3600; // Doppler cannot stop this overwrite; the signature shows it.
    config.secrets.get(name)!.raw = Buffer.from(JSON.stringify(record)).toString('base64url');
    const inbox = await ok(['requests', '--inbox'], lead);
    expect(inbox.requests[0]).toMatchObject({ id: asked.id, tampered: true });
    const refused = await fails(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    expect(refused.error.code).toBe('FORBIDDEN');
    expect(refused.error.message).toContain('tampered');
    expect((await ok(['audit'], lead)).map((e: { action: string }) => e.action)).toContain('access.tampered');
  }, 60_000);
});

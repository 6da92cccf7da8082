import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openSealed } from '../../../electron/access/crypto';
import { decodeRecord, SignedDecision } from '../../../electron/access/records';
import { DeviceIdentity } from '../../../electron/identity/device';
import { KeytarStore } from '../../../electron/identity/keychain';
import { scopeStore } from '../../../electron/identity/scoped-store';
import { createServices } from '../../../electron/services';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { vaultTeam } from './vault-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** Every file under a directory, as text (binary or not: a token is ASCII either way). */
async function everyFile(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await everyFile(full)));
    else if (entry.isFile()) out.push(`${full}\n${await fs.readFile(full, 'latin1')}`);
  }
  return out;
}

/** Every record in the ledger mount, raw and with base64url fields decoded. */
async function everyLedgerRecord(root: { call(method: string, p: string): Promise<any> }, mount: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const listed = await root.call('LIST', `${mount}/metadata/${folder}`).catch(() => null);
    for (const key of (listed?.data?.keys ?? []) as string[]) {
      if (key.endsWith('/')) await walk(`${folder}${key}`);
      else {
        const text = JSON.stringify(await root.call('GET', `${mount}/data/${folder}${key}`));
        const record = JSON.parse(text).data.data.record as string;
        out.push(text, Buffer.from(record, 'base64url').toString('utf8'));
      }
    }
  };
  await walk('');
  return out;
}

describe.skipIf(skip !== null)('the grant credential stays in the requester\'s keychain', () => {
  const openbao = inject('openbao');

  it('never appears in the ledger, an audit log, any output, the approver\'s data dir or an IPC payload', async () => {
    const team = await vaultTeam(openbao, tempDir);
    const outputs: string[] = [];
    const run = async (args: string[], home: string) => {
      const result = await cli(args, { home });
      outputs.push(result.stdout, result.stderr);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    await run(['admin', 'setup', 'acme'], await team.home('admin'));
    const alice = await team.home('alice');
    const lead = await team.home('lead');
    const asked = JSON.parse(await run(['request', 'acme:payments/staging', '--reason', 'INC-9: canary run', '--duration', '1h', '--json'], alice));
    await run(['requests', '--inbox'], lead);
    await run(['approve', asked.id, '--device', asked.deviceFingerprint, '--json'], lead);
    await run(['requests', '--mine', '--json'], alice);
    await run(['requests'], alice);
    await run(['envs', '--json'], alice);
    await run(['secrets', 'acme:payments/staging'], alice);
    await run(['export', 'acme:payments/staging', '--out', path.join(await tempDir(), '.env'), '--json'], alice);
    await run(['requests', '--inbox', '--json'], lead);
    await run(['audit', '--json'], alice);

    const credential = await scopeStore(await KeytarStore.open(), alice).get(`grant:${asked.id}`);
    expect(credential).toMatch(/^(hvs|s)\./);

    const services = await createServices({ dataDir: alice });
    const payloads: string[] = [];
    for (const [channel, input] of [['access:list', {}], ['catalog:list', {}], ['exports:list', {}], ['secrets:describe', { ref: 'acme:payments/staging' }], ['identity:status', {}]] as const) {
      payloads.push(JSON.stringify(await services.dispatch(channel, input)));
    }
    expect(payloads[0]).toContain(asked.id);

    // What travels is sealed: the wrapping token inside opens only with Alice's device key.
    const stored = await team.root.call('GET', `${team.ledger}/data/decisions/${asked.id}`);
    const envelope = decodeRecord(SignedDecision, stored.data.data.record)!.body.grant!;
    const device = await new DeviceIdentity(alice, scopeStore(await KeytarStore.open(), alice)).ensure();
    const wrapping = await openSealed(envelope.sealed, { boxPublic: device.publicKey, boxPrivate: device.privateKey }, 'canary');
    expect(wrapping.length).toBeGreaterThan(10);

    await run(['give-back', asked.id], alice);
    const places = {
      ledger: await everyLedgerRecord(team.root, team.ledger),
      'the approver\'s data dir': await everyFile(lead),
      'the requester\'s data dir': await everyFile(alice),
      'stdout and stderr': outputs,
      'IPC payloads': payloads,
    };
    expect(places.ledger.length).toBeGreaterThanOrEqual(3);
    expect(places['the approver\'s data dir'].some((f) => f.includes('audit.log'))).toBe(true);
    for (const [where, texts] of Object.entries(places)) {
      for (const text of texts) {
        expect(text.includes(credential!), `the grant credential is in ${where}`).toBe(false);
        expect(text.includes(wrapping), `the unsealed wrapping token is in ${where}`).toBe(false);
      }
    }
  }, 60_000);
});

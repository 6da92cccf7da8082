// `npm run demo`: the real product on a fake team, in two minutes. Starts the sample team (a real OpenBao when
// `bao` is installed, the Infisical and Doppler simulators), a new hire with an empty throwaway data dir and a
// lead whose Latchkey is set up, and opens the app on the new hire. Where Electron cannot start (no binary, no
// display), it serves the same built renderer on 127.0.0.1 instead (scripts/demo/demo-server.ts). Ctrl-C
// stops every server and deletes the demo folder. Every credential printed is fake.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices, type Services } from '../electron/services';
import { startSweeper } from '../electron/exports/app-sweeper';
import type { KeychainStatus } from '../shared/contract';
import { dayOneTeam, setUpRequests, signedInLead, simulatorsOnlyProfile } from '../test/fakes/day-one-team';
import { startSampleTeam } from '../test/fakes/sample-team';
import { MemoryStore } from '../test/support/memory-store';
import { startDemoServer, type DemoPerson } from './demo/demo-server';
import { electronBinary, electronUnavailable, openApp } from './demo/electron-launch';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (line = '') => process.stdout.write(`${line}\n`);

/** The demo's sign-ins live in memory and die with it: nothing of a throwaway team lands in your keychain. */
class DemoStore extends MemoryStore {
  override async status(): Promise<KeychainStatus> {
    return { backend: 'keychain', detail: 'demo: kept in memory only, never in your keychain; gone when the demo stops' };
  }
}

const sample = await startSampleTeam();
const home = await mkdtemp(path.join(os.tmpdir(), 'latchkey-demo-'));
const open: Services[] = [];
const person = async (name: string) => {
  const services = await createServices({ dataDir: path.join(home, name), secretStore: new DemoStore(), demo: true });
  open.push(services);
  return services;
};

const team = sample.openbao ? await dayOneTeam(sample.info) : null;
const profile = team?.profile ?? simulatorsOnlyProfile(sample.info);
const profileFile = path.join(home, 'acme-team.json');
await writeFile(profileFile, JSON.stringify(profile, null, 2));
const lead = await person('lead');
if (team) {
  await setUpRequests(await person('admin'), team);
  await signedInLead(lead, team);
} else {
  await lead.setup.importProfile({ profile, source: 'acme-team.json' });
}

const binary = electronBinary(root);
const noElectron = electronUnavailable(binary, process.platform, process.env);
const people: DemoPerson[] = [{ name: 'lead', dispatch: lead.dispatch, events: lead.events }];
if (noElectron) {
  const newHire = await person('new-hire');
  people.unshift({ name: 'new hire', dispatch: newHire.dispatch, events: newHire.events });
}
const sweepers = open.map((services) => startSweeper(services));
const server = await startDemoServer({ rendererDir: path.join(root, 'dist', 'renderer'), people });
const app = noElectron ? null : openApp(binary!, root, path.join(home, 'new-hire'));

out('Latchkey demo: a fake team on throwaway servers on this machine' + (sample.openbao ? ' (OpenBao, Infisical and Doppler simulators).' : ' (Infisical and Doppler simulators; OpenBao is not installed: `node test/setup/host.mjs`).'));
out();
if (noElectron) out(`The desktop app cannot open here (${noElectron}), so the same app is served to your browser:`);
else out('The desktop app opens on the new hire. The lead is in your browser:');
if (server.urls['new hire']) out(`  New hire:  ${server.urls['new hire']}`);
out(`  Lead:      ${server.urls.lead}`);
out();
out('Day one, as the new hire:');
out(`  1. Drop the team profile on the window: ${profileFile}`);
if (team) out(`  2. Sign in to acme-vault as ${team.people.newHire.username}, password ${team.people.newHire.password}`);
out(`     acme-doppler: the token ${sample.info.doppler.developerToken}; acme-infisical: in the browser, ${sample.info.infisical.users.dev.email} / ${sample.info.infisical.users.dev.password}`);
out(`  3. Choose ${team ? 'payments-engineer, then "Request all missing"; approve it as the lead (Requests)' : 'full-stack'}, then "Export .env for this service".`);
out();
out('Every credential here is fake and opens only these servers. Ctrl-C stops everything and deletes the demo folder.');

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`${signal}: stopping the demo…\n`);
  const timer = setTimeout(() => process.exit(1), 10_000);
  app?.kill('SIGTERM');
  await Promise.allSettled(sweepers.map((s) => s.stop()));
  await server.close().catch(() => undefined);
  await Promise.allSettled(open.map((s) => s.close()));
  await sample.stop();
  await rm(home, { recursive: true, force: true });
  clearTimeout(timer);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
app?.on('exit', () => void stop('the app closed'));

// `npm run -s simulators`: the sample team on loopback for demos, the bench and manual tries. Prints ONE
// JSON line (fields: README "Try it without any account", type SampleTeamInfo in test/fakes/sample-team.ts),
// then serves until SIGINT/SIGTERM and stops every server before exiting 0. All credentials printed are
// fake. The npm script `exec`s tsx so that npm's SIGTERM reaches this process (a plain `sh -c` would die
// and leave the servers running).
import { startSampleTeam } from '../test/fakes/sample-team';

const team = await startSampleTeam({ openbao: process.env.LATCHKEY_SIMULATORS_NO_OPENBAO !== '1' });
process.stdout.write(`${JSON.stringify(team.info)}\n`);
const skipped = [!team.openbao && 'OpenBao (bao not installed)', !team.moto && 'AWS (moto not installed)'].filter(Boolean);
const up = ['Infisical', 'Doppler', team.openbao && 'OpenBao', team.moto && 'AWS Secrets Manager (moto)'].filter(Boolean);
process.stderr.write(`Sample team is up (${up.join(', ')}${skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : ''}). Ctrl-C stops it.\n`);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`${signal}: stopping the sample team…\n`);
  const timer = setTimeout(() => {
    process.stderr.write('The servers did not stop within 10 s; exiting anyway.\n');
    process.exit(1);
  }, 10_000);
  await team.stop();
  clearTimeout(timer);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

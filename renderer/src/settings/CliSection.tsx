import { useCliInstall } from '../api/queries';
import { useInstallCli } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { Section } from '../components/Section';
import { StatusBadge } from '../components/StatusBadge';

const STATES = {
  installed: { tone: 'good', label: 'Installed' },
  outdated: { tone: 'warn', label: 'Points at another copy of Latchkey' },
  missing: { tone: 'neutral', label: 'Not installed' },
  foreign: { tone: 'bad', label: 'Another program is there' },
} as const;

/** "Install the latchkey command": the CLI that ships with the app, on PATH, like VS Code's `code`. */
export function CliSection() {
  const status = useCliInstall();
  const install = useInstallCli();
  const data = status.data;
  return (
    <Section title="The latchkey command" description="The same Latchkey in a terminal: `latchkey onboard`, `latchkey run`, scripts and CI.">
      {status.isPending ? <Loading label="Looking for the command…" /> : null}
      {status.isError ? <ErrorPanel error={status.error} /> : null}
      {data ? (
        <dl className="facts">
          <Fact term="Command">
            <StatusBadge tone={STATES[data.state].tone}>{STATES[data.state].label}</StatusBadge>
            <code className="path">{data.path}</code>
          </Fact>
          {data.state === 'installed' && !data.onPath && data.pathHint ? <Fact term="PATH">{data.pathHint}</Fact> : null}
        </dl>
      ) : null}
      {data && data.state !== 'foreign' ? (
        <button type="button" className="button" aria-disabled={install.isPending} onClick={() => !install.isPending && install.mutate()}>
          {data.state === 'installed' ? 'Install the latchkey command again' : 'Install the latchkey command'}
        </button>
      ) : null}
      {install.isError ? <ErrorPanel error={install.error} /> : null}
      {install.isSuccess ? (
        <p className="success" role="status">
          Installed at <code className="path">{install.data.path}</code>. {install.data.onPath ? 'Open a new terminal and run latchkey.' : install.data.pathHint}
        </p>
      ) : null}
    </Section>
  );
}

import { useState } from 'react';
import type { ChecklistEnvironment } from '../../../shared/onboarding';
import { StatusBadge, type Tone } from '../components/StatusBadge';
import { RunCommand } from '../environments/RunCommand';

const WORDS: Record<ChecklistEnvironment['state'], { tone: Tone; label: string }> = {
  ready: { tone: 'good', label: 'Ready' },
  unreadable: { tone: 'bad', label: 'Read failed' },
  requested: { tone: 'neutral', label: 'Requested' },
  missing: { tone: 'warn', label: 'Missing' },
  denied: { tone: 'bad', label: 'Denied' },
  unknown: { tone: 'neutral', label: 'Unknown' },
};

type Props = { env: ChecklistEnvironment; onExport: (ref: string) => void };

/** One environment of the role: ready only once read; then export its .env or copy the run command. */
export function ChecklistItem({ env, onExport }: Props) {
  const [running, setRunning] = useState(false);
  const words = WORDS[env.state];
  return (
    <li className="check-item" aria-label={env.ref}>
      <div className="check-item-head">
        <span className={`check-mark check-mark-${env.state === 'ready' ? 'done' : 'open'}`} aria-hidden="true">
          {env.state === 'ready' ? '✓' : ''}
        </span>
        <code className="ref">{env.ref}</code>
        <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
      </div>
      {env.state === 'ready' ? (
        <p className="muted small check-detail">Read just now with your access.</p>
      ) : env.detail ? (
        <p className="muted small check-detail">{env.detail}</p>
      ) : null}
      {env.state === 'ready' ? (
        <div className="check-actions">
          <button type="button" className="button button-small button-primary" onClick={() => onExport(env.ref)}>
            Export .env for this service
          </button>
          <button type="button" className="button button-small" aria-expanded={running} onClick={() => setRunning((r) => !r)}>
            Run…
          </button>
        </div>
      ) : null}
      {running && env.state === 'ready' ? <RunCommand envRef={env.ref} /> : null}
    </li>
  );
}

import { useState } from 'react';
import type { CatalogEnvironment } from '../../../shared/contract';
import { Drawer } from '../components/Drawer';
import { Fact } from '../components/Fact';
import { formatClock } from '../time';
import { AccessBadge } from './AccessBadge';
import { KIND_LABELS } from './backend-groups';
import { RunCommand } from './RunCommand';
import { SecretKeys } from './SecretKeys';

type Props = {
  env: CatalogEnvironment;
  onClose: () => void;
  onExport: (ref: string) => void;
  /** Opens the request dialog; offered where the profile names approvers (absent: not offered at all). */
  onRequestAccess?: (ref: string) => void;
  fallbackFocus: () => HTMLElement | null;
};

/** One environment beside the list: where it lives, your access, its keys, and what you can do with it. */
export function EnvironmentDrawer({ env, onClose, onExport, onRequestAccess, fallbackFocus }: Props) {
  const [running, setRunning] = useState(false);
  const granted = env.access === 'granted';
  const approvers = env.requestable?.approvers ?? [];
  return (
    <Drawer label={`Details of ${env.ref}`} heading={<code className="ref">{env.ref}</code>} onClose={onClose} fallbackFocus={fallbackFocus}>
      <dl className="facts facts-compact">
        <Fact term="Access">
          <AccessBadge access={env.access} reason={env.problem} />
          {env.access === 'unknown' && env.problem ? <span className="fact-detail">{env.problem}</span> : null}
        </Fact>
        <Fact term="Backend">
          {env.backend}
          {env.kind ? <span className="muted"> · {KIND_LABELS[env.kind]}</span> : null}
        </Fact>
        <Fact term="Path">
          <code className="path">{env.path}</code>
        </Fact>
        <Fact term="Listed by">{env.source === 'profile' ? 'the team profile' : 'the backend (not in the profile)'}</Fact>
        {approvers.length > 0 ? <Fact term="Approvers">{approvers.join(', ')}</Fact> : null}
        {env.requestable?.maxTtl ? <Fact term="Longest grant">{env.requestable.maxTtl}</Fact> : null}
        {env.grant ? (
          <Fact term="Access grant">
            until {formatClock(env.grant.expiresAt)} <span className="muted">(request {env.grant.requestId}; it ends by itself)</span>
          </Fact>
        ) : null}
      </dl>
      <div className="drawer-actions">
        {granted ? (
          <button type="button" className="button button-small button-primary" onClick={() => onExport(env.ref)}>
            Export…
          </button>
        ) : null}
        {granted ? (
          <button type="button" className="button button-small" aria-expanded={running} onClick={() => setRunning((r) => !r)}>
            Run…
          </button>
        ) : null}
        {onRequestAccess && !granted && approvers.length > 0 ? (
          <button type="button" className="button button-small button-primary" aria-haspopup="dialog" onClick={() => onRequestAccess(env.ref)}>
            Request access
          </button>
        ) : null}
      </div>
      {granted && running ? <RunCommand envRef={env.ref} /> : null}
      {granted ? (
        <SecretKeys envRef={env.ref} />
      ) : (
        <p className="muted drawer-section">
          {env.access === 'unknown'
            ? 'Latchkey could not ask this backend, so it does not know yet whether you can read this environment.'
            : env.access === 'requestable'
              ? 'You cannot read it yet; the team profile says who can grant access.'
              : 'You cannot read it, and the team profile does not say who grants access.'}
        </p>
      )}
    </Drawer>
  );
}

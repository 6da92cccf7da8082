import { useIdentityStatus } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { Section } from '../components/Section';
import { StatusBadge } from '../components/StatusBadge';

export function IdentitySection() {
  const identity = useIdentityStatus();
  return (
    <Section title="Device identity" description="Teammates seal access grants to this device's public key. Compare the fingerprint when a lead asks.">
      {identity.isPending ? <Loading label="Loading device identity…" /> : null}
      {identity.isError ? <ErrorPanel error={identity.error} onRetry={() => void identity.refetch()} /> : null}
      {identity.data ? (
        <dl className="facts">
          <Fact term="Device key">
            {identity.data.deviceKeyPresent ? (
              <StatusBadge tone="good">Present</StatusBadge>
            ) : (
              <StatusBadge tone="warn">Not created yet</StatusBadge>
            )}
          </Fact>
          <Fact term="Fingerprint">
            {identity.data.fingerprint ? (
              <code className="fingerprint">{identity.data.fingerprint}</code>
            ) : (
              <span className="muted">Created on first use</span>
            )}
          </Fact>
          {identity.data.createdAt ? <Fact term="Created">{formatDate(identity.data.createdAt)}</Fact> : null}
        </dl>
      ) : null}
    </Section>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

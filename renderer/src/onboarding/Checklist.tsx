import { useRef, useState } from 'react';
import { useChecklist } from '../api/queries';
import { useRecheck } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';
import { Section } from '../components/Section';
import { useExportDialog } from '../exports/export-dialog-context';
import { BackendCard } from '../setup/BackendCard';
import { ChecklistItem } from './ChecklistItem';
import { RequestAllMissing } from './RequestAllMissing';

type Props = { role: string; team: string; onChangeRole: () => void };

/**
 * The day-one checklist of one role (`onboarding:checklist`, what `latchkey onboard` prints): each backend
 * asked, each environment read. While a request waits, it asks again every few seconds.
 */
export function Checklist({ role, team, onChangeRole }: Props) {
  const checklist = useChecklist(role);
  // Asks the checklist again itself once the backends answered (useRecheck).
  const recheck = useRecheck();
  const openExport = useExportDialog();
  const [sent, setSent] = useState<number | null>(null);
  const envSection = useRef<HTMLDivElement>(null);
  const list = checklist.data;
  const missing = list?.environments.filter((e) => e.state === 'missing') ?? [];
  const ready = list?.environments.filter((e) => e.state === 'ready').length ?? 0;
  const checking = checklist.isFetching || recheck.isPending;
  return (
    <>
      <ScreenHeader title="Day one">
        What the <strong>{role}</strong> role needs on the {team} team. Each item is checked for real: a backend by asking it, an environment by
        reading it.
      </ScreenHeader>
      <div className="toolbar">
        <button type="button" className="button" aria-disabled={checking} onClick={() => !checking && recheck.mutate()}>
          {checking && !checklist.isPending ? 'Checking…' : 'Check again'}
        </button>
        <button type="button" className="button button-quiet" onClick={onChangeRole}>
          Change role
        </button>
      </div>
      {checklist.isPending ? <Loading label="Asking each backend and reading each environment…" /> : null}
      {checklist.isError ? <ErrorPanel error={checklist.error} onRetry={() => void checklist.refetch()} /> : null}
      {list?.done ? (
        <p className="success" role="status">
          All set: every backend answers and every environment of {role} was read. Export a <code>.env</code> or copy a run command below.
        </p>
      ) : null}
      {list ? (
        <>
          <Section title="Backends" description="Signed in, as whom and until when, as each server answers.">
            <div className="backend-cards">
              {list.backends.map((b) => (
                <BackendCard key={b.name} status={b} />
              ))}
            </div>
          </Section>
          <div ref={envSection} tabIndex={-1} className="focus-target">
            <Section title="Environments" description={`${ready} of ${list.environments.length} ready.`}>
              {sent !== null ? (
                <p className="success" role="status">
                  Sent {sent} {sent === 1 ? 'request' : 'requests'}. This list updates when an approver decides.
                </p>
              ) : null}
              <ul className="check-list">
                {list.environments.map((env) => (
                  <ChecklistItem key={env.ref} env={env} onExport={openExport} />
                ))}
              </ul>
              {missing.length > 0 ? (
                <RequestAllMissing
                  missing={missing}
                  onSent={(count) => {
                    setSent(count);
                    // The form goes once nothing is missing: keep focus in the list it updated.
                    requestAnimationFrame(() => envSection.current?.focus());
                  }}
                />
              ) : null}
            </Section>
          </div>
        </>
      ) : null}
    </>
  );
}

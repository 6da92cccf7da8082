import { useId, useState, type FormEvent } from 'react';
import type { ChecklistEnvironment } from '../../../shared/onboarding';
import { ErrorPanel } from '../components/ErrorPanel';
import { RadioChips } from '../components/RadioChips';
import { DURATION_CHOICES, requestPlan } from './request-plan';
import { useRequestAll } from './use-request-all';

/** One reason, one duration, one request per missing environment, each to the approvers the profile names. */
type Props = { missing: ChecklistEnvironment[]; onSent: (count: number) => void };

export function RequestAllMissing({ missing, onSent }: Props) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState<string>('8h');
  const requestAll = useRequestAll();
  const plan = requestPlan(missing, duration);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (requestAll.isPending || reason.trim() === '') return;
    requestAll.mutate(
      { reason: reason.trim(), plan },
      { onSuccess: (outcomes) => outcomes.every((o) => o.error === null) && onSent(outcomes.length) },
    );
  };
  const failed = requestAll.data?.filter((o) => o.error !== null) ?? [];
  return (
    <form className="form request-all" onSubmit={submit} aria-label="Request all missing">
      <div className="field">
        <label htmlFor={`${id}-reason`}>Why you need them</label>
        <input
          id={`${id}-reason`}
          className="input"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Day one on the payments team: run the service locally"
          required
          aria-describedby={`${id}-hint`}
        />
        <span id={`${id}-hint`} className="field-hint">
          Approvers read this. Each environment gets its own request, sent to the people the team profile names.
        </span>
      </div>
      <fieldset className="fieldset">
        <legend>For how long</legend>
        <RadioChips choices={DURATION_CHOICES.map((d) => ({ value: d, label: d }))} value={duration} onChange={setDuration} />
        {plan.some((p) => p.capped) ? (
          <p className="field-hint">
            Capped by the profile:{' '}
            {plan
              .filter((p) => p.capped)
              .map((p) => `${p.ref} at ${p.duration}`)
              .join(', ')}
            .
          </p>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={requestAll.isPending}>
          {requestAll.isPending ? 'Sending requests…' : `Request all missing (${missing.length})`}
        </button>
      </div>
      {failed.map((o) => (
        <div key={o.ref}>
          <p className="small">
            <code className="ref">{o.ref}</code>:
          </p>
          <ErrorPanel error={o.error} />
        </div>
      ))}
    </form>
  );
}

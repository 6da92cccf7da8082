import { useId } from 'react';
import type { AuditPage, ChannelInput } from '../../../shared/contract';

type Filter = ChannelInput<'audit:list'>;
type Props = { filter: Filter; choices: Pick<AuditPage, 'actions' | 'environments'>; onChange: (filter: Filter) => void };

const OUTCOMES = [
  { value: 'ok', label: 'OK' },
  { value: 'failed', label: 'Failed' },
  { value: 'denied', label: 'Denied' },
] as const;

/** Environment, action and outcome; each "any" by default. */
export function AuditFilters({ filter, choices, onChange }: Props) {
  const ids = { env: useId(), action: useId(), outcome: useId() };
  const set = (key: 'target' | 'action' | 'outcome', value: string) => {
    const next: Filter = { ...filter };
    if (value === '') delete next[key];
    else (next as Record<string, string>)[key] = value;
    onChange(next);
  };
  return (
    <div className="filter-line audit-filters">
      <div className="field">
        <label htmlFor={ids.env}>Environment</label>
        <select id={ids.env} className="select" value={filter.target ?? ''} onChange={(e) => set('target', e.target.value)}>
          <option value="">Any environment</option>
          {choices.environments.map((ref) => (
            <option key={ref} value={ref}>
              {ref}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.action}>Action</label>
        <select id={ids.action} className="select" value={filter.action ?? ''} onChange={(e) => set('action', e.target.value)}>
          <option value="">Any action</option>
          {choices.actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.outcome}>Outcome</label>
        <select id={ids.outcome} className="select" value={filter.outcome ?? ''} onChange={(e) => set('outcome', e.target.value)}>
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

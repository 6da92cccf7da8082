import { useId } from 'react';
import { BackendProblem } from './BackendProblem';
import { EnvironmentTable } from './EnvironmentTable';
import { KIND_LABELS, type BackendGroup } from './backend-groups';

type Props = { group: BackendGroup; role: string | null; selected: string | null; onSelect: (ref: string) => void };

/** One backend's card: its name and kind, what is wrong with it (if anything), its environments. */
export function BackendSection({ group, role, selected, onSelect }: Props) {
  const id = useId();
  const granted = group.environments.filter((e) => e.access === 'granted').length;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{group.name}</h2>
        <span className="muted small">
          {group.kind ? KIND_LABELS[group.kind] : 'Not configured'}
          {group.environments.length > 0 ? ` · ${granted} of ${group.environments.length} granted` : ''}
        </span>
      </div>
      <BackendProblem group={group} />
      {group.environments.length > 0 ? (
        <EnvironmentTable environments={group.environments} selected={selected} onSelect={onSelect} />
      ) : (
        <p className="muted">
          {role ? `No environment of the ${role} role lives here.` : 'No environments found on this backend yet.'}
        </p>
      )}
    </section>
  );
}

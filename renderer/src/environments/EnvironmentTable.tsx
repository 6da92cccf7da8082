import type { CatalogEnvironment } from '../../../shared/contract';
import { DataTable } from '../components/DataTable';
import { AccessBadge } from './AccessBadge';
import { KIND_LABELS, KIND_SHORT } from './backend-groups';

type Props = {
  environments: CatalogEnvironment[];
  selected: string | null;
  onSelect: (ref: string) => void;
};

const COLUMNS = ['Environment', 'Project / env', 'Kind', 'Access', 'Source'];
const SOURCE_LABELS = { profile: 'Profile', discovered: 'Discovered' } as const;

export function EnvironmentTable({ environments, selected, onSelect }: Props) {
  return (
    <DataTable columns={COLUMNS} scroll>
      {environments.map((env) => (
        <tr key={env.ref} className={env.ref === selected ? 'is-selected' : undefined}>
          <th scope="row">
            <code className="ref">{env.ref}</code>
          </th>
          <td>
            {env.project}/{env.env}
          </td>
          <td title={env.kind ? KIND_LABELS[env.kind] : undefined}>{env.kind ? KIND_SHORT[env.kind] : <span className="muted">Unknown</span>}</td>
          <td className="cell-approvers">
            <AccessBadge access={env.access} />
            {env.requestable && env.requestable.approvers.length > 0 ? (
              <span className="cell-note">Approvers: {env.requestable.approvers.join(', ')}</span>
            ) : null}
          </td>
          <td>{SOURCE_LABELS[env.source]}</td>
          <td className="cell-action">
            {env.access === 'granted' ? (
              <button
                type="button"
                className="button button-small"
                aria-pressed={env.ref === selected}
                aria-label={`Secrets of ${env.ref}`}
                onClick={() => onSelect(env.ref)}
              >
                Secrets
              </button>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

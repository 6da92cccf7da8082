import type { AccessLevel } from '../../../shared/backends';
import { ChipGroup } from '../components/ChipGroup';
import { ACCESS_ORDER, accessLabel } from './AccessBadge';
import type { EnvironmentFilter, FilterResult } from './env-filter';
import { RoleFilter } from './RoleFilter';
import { SearchField } from './SearchField';

type Props = {
  filter: EnvironmentFilter;
  role: string | null;
  roles: string[];
  backends: string[];
  result: FilterResult;
  onQuery: (query: string) => void;
  onRole: (role: string | null) => void;
  onToggleAccess: (access: AccessLevel) => void;
  onToggleBackend: (backend: string) => void;
  onIntoList: () => void;
};

/** Search, role, and the access and backend chips, each chip with what it would show. */
export function FilterBar(props: Props) {
  const { filter, result } = props;
  return (
    <div className="filter-bar">
      <div className="filter-line">
        <SearchField value={filter.query} onChange={props.onQuery} onArrowDown={props.onIntoList} />
        {props.roles.length > 0 ? <RoleFilter roles={props.roles} value={props.role} onChange={props.onRole} /> : null}
      </div>
      <div className="filter-line">
        <ChipGroup
          label="Access"
          chips={ACCESS_ORDER.map((a) => ({ value: a, label: accessLabel(a), count: result.accessCounts[a] }))}
          selected={filter.access}
          onToggle={props.onToggleAccess}
        />
        {props.backends.length > 1 ? (
          <ChipGroup
            label="Backend"
            chips={props.backends.map((b) => ({ value: b, label: b, count: result.backendCounts.get(b) ?? 0 }))}
            selected={filter.backends}
            onToggle={props.onToggleBackend}
          />
        ) : null}
      </div>
    </div>
  );
}

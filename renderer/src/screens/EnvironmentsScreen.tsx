import { useCallback, useMemo, useRef, useState } from 'react';
import type { AccessLevel } from '../../../shared/backends';
import { useBackendStatus, useBackends, useCatalog, useProfile } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';
import { backendStates } from '../environments/backend-groups';
import { BackendProblem } from '../environments/BackendProblem';
import { EnvironmentDrawer } from '../environments/EnvironmentDrawer';
import { EnvironmentList, type EnvironmentListHandle } from '../environments/EnvironmentList';
import { EnvironmentsEmpty } from '../environments/EnvironmentsEmpty';
import { filterEnvironments, indexEnvironments, toggled } from '../environments/env-filter';
import { FilterBar } from '../environments/FilterBar';
import { useExportDialog } from '../exports/export-dialog-context';

type Props = { onRequestAccess?: (ref: string) => void; onGetStarted?: () => void };

export function EnvironmentsScreen({ onRequestAccess, onGetStarted }: Props) {
  const profile = useProfile();
  const backends = useBackends();
  const status = useBackendStatus();
  const catalog = useCatalog();
  const openExport = useExportDialog();
  const list = useRef<EnvironmentListHandle>(null);
  const [query, setQuery] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [access, setAccess] = useState<ReadonlySet<AccessLevel>>(new Set());
  const [backendChips, setBackendChips] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);

  const environments = catalog.data;
  // Once per catalog answer, never per keystroke: lowercase search text and the backend notices.
  const index = useMemo(() => indexEnvironments(environments ?? []), [environments]);
  const states = useMemo(() => (environments && backends.data ? backendStates(environments, backends.data) : []), [environments, backends.data]);
  const roleRefs = useMemo(() => {
    if (role === null) return null;
    return new Set(profile.data?.roles.find((r) => r.name === role)?.environments ?? []);
  }, [role, profile.data]);
  const filter = useMemo(() => ({ query, roleRefs, access, backends: backendChips }), [query, roleRefs, access, backendChips]);
  const result = useMemo(() => filterEnvironments(index, filter), [index, filter]);

  const selectedEnv = useMemo(() => environments?.find((e) => e.ref === selected) ?? null, [environments, selected]);
  const open = useCallback((ref: string) => setSelected(ref), []);
  const close = useCallback(() => setSelected(null), []);
  const refresh = () => {
    void profile.refetch();
    void backends.refetch();
    void status.refetch();
    void catalog.refetch();
  };
  // One notice per backend that needs something: the status model first (signed out, refused, sealed, down),
  // else what the catalog could not do on it.
  const notices = states
    .map((b) => ({ name: b.name, status: status.data?.find((s) => s.name === b.name) ?? null, problem: b.problem }))
    .filter((n) => n.status !== null && (n.status.state !== 'signed-in' || n.problem !== null));
  const clearFilters = () => {
    setQuery('');
    setAccess(new Set());
    setBackendChips(new Set());
    setRole(null);
    // The button goes away with the filters: continue from the search field, not the page body.
    document.querySelector<HTMLElement>('.search-input')?.focus();
  };
  const error = catalog.error ?? backends.error;
  const filtered = query !== '' || role !== null || access.size > 0 || backendChips.size > 0;

  return (
    <div className={selectedEnv ? 'env-screen has-drawer' : 'env-screen'}>
      <ScreenHeader title="Environments">
        Every environment {profile.data ? <>the {profile.data.team} team uses</> : 'your team uses'}, across all of its
        secrets managers.
      </ScreenHeader>
      {catalog.isPending || backends.isPending ? <Loading label="Checking your access on each backend…" /> : null}
      {error ? <ErrorPanel error={error} onRetry={refresh} /> : null}
      {environments && environments.length === 0 && states.length === 0 ? <EnvironmentsEmpty onGetStarted={onGetStarted} /> : null}
      {notices.map((n) => (
        <BackendProblem key={n.name} name={n.name} status={n.status} problem={n.problem} />
      ))}
      {environments && (environments.length > 0 || states.length > 0) ? (
        <>
          <FilterBar
            filter={filter}
            role={role}
            roles={profile.data?.roles.map((r) => r.name) ?? []}
            backends={states.map((b) => b.name)}
            result={result}
            onQuery={setQuery}
            onRole={setRole}
            onToggleAccess={(a) => setAccess((s) => toggled(s, a))}
            onToggleBackend={(b) => setBackendChips((s) => toggled(s, b))}
            onIntoList={() => list.current?.focusFirst()}
          />
          <div className="list-status">
            <p role="status" className="muted small">
              {filtered
                ? `Showing ${result.rows.length.toLocaleString('en-US')} of ${environments.length.toLocaleString('en-US')} environments`
                : `${environments.length.toLocaleString('en-US')} environments`}
            </p>
            {filtered ? (
              <button type="button" className="button button-small button-quiet" onClick={clearFilters}>
                Clear filters
              </button>
            ) : null}
            <button type="button" className="button button-small toolbar-end" aria-disabled={catalog.isFetching} onClick={() => !catalog.isFetching && refresh()}>
              {catalog.isFetching && !catalog.isPending ? 'Checking…' : 'Refresh'}
            </button>
          </div>
          {result.rows.length > 0 ? (
            <EnvironmentList handle={list} rows={result.rows} selected={selected} onOpen={open} />
          ) : (
            <p className="muted list-empty">
              {environments.length === 0 ? 'No environments found on these backends yet.' : 'No environment matches these filters.'}
            </p>
          )}
        </>
      ) : null}
      {selectedEnv ? (
        <EnvironmentDrawer
          key={selectedEnv.ref}
          env={selectedEnv}
          onClose={close}
          onExport={openExport}
          onRequestAccess={onRequestAccess}
          fallbackFocus={() => (list.current?.focusRow(selectedEnv.ref) ? null : document.querySelector<HTMLElement>('.search-input'))}
        />
      ) : null}
    </div>
  );
}

import { Fragment, useState } from 'react';
import { useBackends, useCatalog, useProfile } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';
import { BackendSection } from '../environments/BackendSection';
import { EnvironmentsEmpty } from '../environments/EnvironmentsEmpty';
import { RoleFilter } from '../environments/RoleFilter';
import { SecretsPanel } from '../environments/SecretsPanel';
import { groupByBackend } from '../environments/backend-groups';

export function EnvironmentsScreen() {
  const [role, setRole] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const profile = useProfile();
  const backends = useBackends();
  const catalog = useCatalog(role);

  const roles = profile.data?.roles.map((r) => r.name) ?? [];
  // With a role chosen, a backend that holds none of its environments (and has nothing wrong) is noise.
  const groups =
    catalog.data && backends.data
      ? groupByBackend(catalog.data, backends.data).filter((g) => role === null || g.environments.length > 0 || g.problem !== null)
      : null;
  const selectedEnv = catalog.data?.find((e) => e.ref === selected && e.access === 'granted') ?? null;
  const error = catalog.error ?? backends.error;
  // After `latchkey login` in a terminal: ask every backend again (and re-read which tokens are stored).
  const refresh = () => {
    void profile.refetch();
    void backends.refetch();
    void catalog.refetch();
  };

  return (
    <>
      <ScreenHeader title="Environments">
        Every environment {profile.data ? <>the {profile.data.team} team uses</> : 'your team uses'}, across all of its
        secrets managers.
      </ScreenHeader>
      <div className="toolbar">
        {roles.length > 0 ? <RoleFilter roles={roles} value={role} onChange={setRole} /> : null}
        <button type="button" className="button button-small toolbar-end" disabled={catalog.isFetching} onClick={refresh}>
          {catalog.isFetching && !catalog.isPending ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      {catalog.isPending || backends.isPending ? <Loading label="Checking your access on each backend…" /> : null}
      {error ? <ErrorPanel error={error} onRetry={refresh} /> : null}
      {groups && groups.length === 0 && role === null ? <EnvironmentsEmpty /> : null}
      {groups && groups.length === 0 && role !== null ? <p className="muted">The {role} role lists no environment.</p> : null}
      {groups?.map((group) => (
        <Fragment key={group.name}>
          <BackendSection group={group} role={role} selected={selectedEnv?.ref ?? null} onSelect={setSelected} />
          {selectedEnv && selectedEnv.backend === group.name ? (
            <SecretsPanel key={selectedEnv.ref} envRef={selectedEnv.ref} onClose={() => setSelected(null)} />
          ) : null}
        </Fragment>
      ))}
    </>
  );
}

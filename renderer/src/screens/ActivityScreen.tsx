import { useState } from 'react';
import type { ChannelInput } from '../../../shared/contract';
import { AuditFilters } from '../activity/AuditFilters';
import { AuditTable } from '../activity/AuditTable';
import { VerifyIntegrity } from '../activity/VerifyIntegrity';
import { useAuditLog } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';

/** The audit log of this device: filters, and a check that nobody edited it. */
export function ActivityScreen() {
  const [filter, setFilter] = useState<ChannelInput<'audit:list'>>({});
  const log = useAuditLog(filter);
  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <ScreenHeader title="Activity">
        What Latchkey did on this device — reveals, exports, sign-ins — with keys and environments, never values.
      </ScreenHeader>
      <div className="toolbar toolbar-wrap">
        {log.data ? <AuditFilters filter={filter} choices={log.data} onChange={setFilter} /> : null}
        <div className="toolbar-end">
          <VerifyIntegrity />
        </div>
      </div>
      {log.isPending ? <Loading label="Reading the audit log…" /> : null}
      {log.isError ? <ErrorPanel error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.data && log.data.total === 0 ? (
        <EmptyState title={filtered ? 'No matching entries' : 'Nothing recorded yet'}>
          <p>
            {filtered
              ? 'No entry matches these filters.'
              : 'Each reveal, copy, export, sign-in and change to a .gitignore is written here as it happens, signed so that edits show.'}
          </p>
        </EmptyState>
      ) : null}
      {log.data && log.data.total > 0 ? (
        <section className="card" aria-label="Audit log">
          <p className="muted small" role="status">
            {log.data.entries.length < log.data.total
              ? `The newest ${log.data.entries.length} of ${log.data.total.toLocaleString('en-US')} entries`
              : `${log.data.total.toLocaleString('en-US')} ${log.data.total === 1 ? 'entry' : 'entries'}`}
          </p>
          <AuditTable entries={log.data.entries} />
        </section>
      ) : null}
    </>
  );
}

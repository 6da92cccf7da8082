import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useCapabilities, useExports } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';
import { Section } from '../components/Section';
import { EndedExports } from '../exports/EndedExports';
import { useExportDialog } from '../exports/export-dialog-context';
import { ExportsTable } from '../exports/ExportsTable';

export function ExportsScreen() {
  const exports = useExports();
  const capabilities = useCapabilities();
  const openExport = useExportDialog();
  const client = useQueryClient();
  // A countdown reached zero: ask main again (it sweeps before listing), even if its event is late.
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ['exports:list'] }), [client]);
  return (
    <>
      <ScreenHeader title="Exports">Local files written from an environment's secrets. Each one removes itself when its time is up.</ScreenHeader>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => openExport(null)}>
          New export…
        </button>
      </div>
      <EndedExports />
      {exports.isPending ? <Loading label="Loading exports…" /> : null}
      {exports.isError ? <ErrorPanel error={exports.error} onRetry={() => void exports.refetch()} /> : null}
      {exports.data && exports.data.length === 0 ? (
        <EmptyState title="No active exports">
          <p>
            Each <code>.env</code> file you generate appears here with its environment, the keys it holds and when it
            expires. At expiry Latchkey removes the file and revokes the access created for it.
          </p>
        </EmptyState>
      ) : null}
      {exports.data && exports.data.length > 0 ? (
        <Section title="Active exports">
          <ExportsTable items={exports.data} onElapsed={refresh} canShowInFolder={capabilities.data?.showInFolder === true} />
        </Section>
      ) : null}
    </>
  );
}

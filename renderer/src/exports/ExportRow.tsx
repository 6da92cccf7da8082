import { useState } from 'react';
import type { ExportSummary } from '../../../shared/contract';
import { useRevokeExport } from '../api/mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { Countdown } from './Countdown';

const FORMAT_LABELS = { dotenv: '.env', json: 'JSON', shell: 'Shell', docker: 'Docker' } as const;
const COLUMNS = 6;

type Props = { item: ExportSummary; onElapsed: () => void };

/** One active export; Revoke asks once more, because it deletes the file the user may be running with. */
export function ExportRow({ item, onElapsed }: Props) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useRevokeExport();
  return (
    <>
      <tr>
        <th scope="row">
          <code className="ref">{item.ref}</code>
        </th>
        <td className="cell-path">
          <code className="path">{item.path}</code>
          {item.kind === 'mount' ? <span className="cell-note">Named pipe</span> : null}
          {item.overrideUsed ? <span className="cell-note warn-text">Written although git does not ignore it</span> : null}
        </td>
        <td>{FORMAT_LABELS[item.format]}</td>
        <td title={item.keys.join(', ')}>
          {item.keys.length} {item.keys.length === 1 ? 'key' : 'keys'}
        </td>
        <td>
          <Countdown expiresAt={item.expiresAt} onElapsed={onElapsed} />
        </td>
        <td className="cell-action">
          {confirming ? null : (
            <button type="button" className="button button-small" aria-label={`Revoke ${item.path}`} onClick={() => setConfirming(true)}>
              Revoke
            </button>
          )}
        </td>
      </tr>
      {confirming || revoke.isError ? (
        <tr className="detail-row">
          <td colSpan={COLUMNS}>
            {revoke.isError ? <ErrorPanel error={revoke.error} /> : null}
            {confirming ? (
              <div className="confirm" role="group" aria-label={`Confirm revoking ${item.path}`}>
                <span>
                  Revoke now? Latchkey deletes <code className="path">{item.path}</code> and ends any access created for it.
                </span>
                <button
                  type="button"
                  className="button button-small button-danger"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(item.id, { onSuccess: () => setConfirming(false) })}
                >
                  {revoke.isPending ? 'Revoking…' : 'Revoke export'}
                </button>
                <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ExportSummary } from '../../../shared/contract';
import { useRevokeExport, useShowInFolder } from '../api/mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { formatRelative } from '../time';
import { Countdown } from './Countdown';
import { useExportActions } from './export-actions';
import { useExportEndings } from './export-endings';
import { ExtendExport } from './ExtendExport';

const FORMAT_LABELS = { dotenv: '.env', json: 'JSON', shell: 'Shell', docker: 'Docker' } as const;
const COLUMNS = 6;

type Props = { item: ExportSummary; onElapsed: () => void; now: number; canShowInFolder: boolean };

/** One active export. Revoke asks once more: it deletes the file the user may be running with. */
export function ExportRow({ item, onElapsed, now, canShowInFolder }: Props) {
  const [mode, setMode] = useState<'extend' | 'revoke' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const revoke = useRevokeExport();
  const show = useShowInFolder();
  const { record } = useExportEndings();
  const extendButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const detail = useRef<HTMLTableRowElement>(null);
  // Asked for from elsewhere (an error's next step): open this row's Extend or Revoke and go there.
  const { pending, done } = useExportActions();
  const [focusDetail, setFocusDetail] = useState(false);
  useEffect(() => {
    if (!pending || !item.id.startsWith(pending.id)) return;
    setMode(pending.action);
    setFocusDetail(true);
    done();
  }, [pending, item.id, done]);
  useEffect(() => {
    // Runs after the render that shows the group, so it is in the DOM by now.
    if (!focusDetail || mode === null) return;
    detail.current?.querySelector<HTMLElement>('[role="group"]')?.focus();
    setFocusDetail(false);
  }, [focusDetail, mode]);
  // A closed confirm row took focus with it: give it back to the button that opened it.
  const closeMode = (back: RefObject<HTMLButtonElement | null>) => {
    setMode(null);
    requestAnimationFrame(() => back.current?.focus());
  };
  const name = item.path.split(/[\\/]/).pop() ?? item.path;

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
          <span className="cell-note">
            {FORMAT_LABELS[item.format]} · {item.keys.length} {item.keys.length === 1 ? 'key' : 'keys'}
          </span>
        </td>
        <td>
          <time dateTime={item.createdAt} title={new Date(item.createdAt).toLocaleString()}>
            {formatRelative(item.createdAt, now)}
          </time>
        </td>
        <td>
          <Countdown expiresAt={item.expiresAt} onElapsed={onElapsed} />
        </td>
        <td className="cell-action">
          <div className="row-actions">
            {item.kind === 'file' ? (
              <button ref={extendButton} type="button" className="button button-small" aria-label={`Extend ${item.path}`} aria-expanded={mode === 'extend'} onClick={() => (setNote(null), setMode('extend'))}>
                Extend…
              </button>
            ) : null}
            {canShowInFolder ? (
              <button type="button" className="button button-small" aria-label={`Show ${name} in its folder`} onClick={() => show.mutate(item.id)}>
                Show in folder
              </button>
            ) : null}
            <button ref={revokeButton} type="button" className="button button-small" aria-label={`Revoke ${item.path}`} aria-expanded={mode === 'revoke'} onClick={() => (setNote(null), setMode('revoke'))}>
              Revoke
            </button>
          </div>
        </td>
      </tr>
      {mode !== null || note !== null || revoke.isError || show.isError ? (
        <tr className="detail-row" ref={detail}>
          <td colSpan={COLUMNS}>
            {note ? (
              <p className="success" role="status">
                {note}
              </p>
            ) : null}
            {revoke.isError ? <ErrorPanel error={revoke.error} /> : null}
            {show.isError ? <ErrorPanel error={show.error} /> : null}
            {mode === 'extend' ? <ExtendExport item={item} onDone={(text) => (setNote(text), closeMode(extendButton))} /> : null}
            {mode === 'revoke' ? (
              <div className="confirm" role="group" tabIndex={-1} aria-label={`Confirm revoking ${item.path}`}>
                <span>
                  Revoke now? Latchkey deletes <code className="path">{item.path}</code> and ends any access created for it.
                </span>
                <button
                  type="button"
                  className="button button-small button-danger"
                  aria-disabled={revoke.isPending}
                  onClick={() =>
                    !revoke.isPending &&
                    revoke.mutate(item.id, {
                      // This row is going away: the note that says what happened to the file takes focus.
                      onSuccess: (ended) => record({ ...ended, reason: 'revoked', path: item.path }, { focus: true }),
                    })
                  }
                >
                  {revoke.isPending ? 'Revoking…' : 'Revoke export'}
                </button>
                <button type="button" className="button button-small" onClick={() => closeMode(revokeButton)}>
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

import { useEffect, useRef, useState } from 'react';
import { isLatchkeyError } from '../api/client';
import { useCreateExport, useIgnorePath } from '../api/mutations';
import { useCapabilities, useCatalog } from '../api/queries';
import { Loading } from '../components/Loading';
import { Modal } from '../components/Modal';
import { formatTimeLeft } from '../time';
import { useExportActions } from './export-actions';
import { ExportForm, type ExportDraft } from './ExportForm';

type Props = { initialRef: string | null; onClose: () => void };

/**
 * Writes a scoped, expiring file from one granted environment (`exports:create`). Safe by default: the git
 * guard's override is offered only right after the guard refused this very environment and path, and it
 * is cleared whenever either changes and after every submit, so it never carries over to another export.
 */
export function ExportDialog({ initialRef, onClose }: Props) {
  const catalog = useCatalog();
  const capabilities = useCapabilities();
  const create = useCreateExport();
  const ignore = useIgnorePath();
  const actions = useExportActions();
  const granted = catalog.data?.filter((e) => e.access === 'granted').map((e) => e.ref) ?? [];
  const [draft, setDraft] = useState<ExportDraft>({ ref: initialRef ?? '', path: '', format: 'dotenv', ttl: null, keys: [] });
  const [override, setOverride] = useState(false);
  const [refusedFor, setRefusedFor] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const ref = draft.ref || granted[0] || '';
  const target = `${ref}\n${draft.path.trim()}`;

  const change = (patch: Partial<ExportDraft>) => {
    // A new environment or file is a new question for the git guard: the override and old answers go.
    if ((patch.ref !== undefined && patch.ref !== ref) || (patch.path !== undefined && patch.path !== draft.path)) {
      setOverride(false);
      setNotice(null);
      setDialogError(null);
      create.reset();
      ignore.reset();
    }
    setDraft((d) => ({ ...d, ...patch, ...(patch.ref !== undefined && patch.ref !== d.ref ? { keys: [], ttl: null } : {}) }));
  };

  const submit = (ttl: string) => {
    const allowUnignored = override;
    setOverride(false);
    setNotice(null);
    create.mutate(
      {
        ref,
        path: draft.path.trim(),
        format: draft.format,
        ttl,
        ...(draft.keys.length > 0 ? { keys: draft.keys } : {}),
        ...(allowUnignored ? { allowUnignored: true } : {}),
      },
      { onError: (error) => setRefusedFor(isLatchkeyError(error) && error.code === 'UNSAFE_TARGET' ? target : null) },
    );
  };

  const addToGitignore = () =>
    ignore.mutate(draft.path.trim(), {
      onSuccess: (added) => {
        create.reset();
        setRefusedFor(null);
        setNotice(
          !added.added
            ? 'Git already ignores the file: write the export again.'
            : added.ignored
              ? `Added ${added.line} to ${added.gitignore}. Git now ignores the file: write the export again.`
              : `Added ${added.line} to ${added.gitignore}, but git still does not ignore the file (another rule un-ignores it).`,
        );
        requestAnimationFrame(() => submitRef.current?.focus());
      },
    });

  // The view changes under the focused button (Write export → Done, Export another → the form): follow it.
  const succeeded = create.isSuccess;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (succeeded) doneRef.current?.focus();
    else document.querySelector<HTMLElement>('.modal-body :is(input, select)')?.focus();
  }, [succeeded]);

  /** An error's next step about another export (extend it, revoke it): on the Exports screen. */
  const onExport = (action: 'extend' | 'revoke') => (next: { id: string }) => {
    actions.request({ id: next.id, action });
    onClose();
  };

  return (
    <Modal title={initialRef ? `Export ${initialRef}` : 'New export'} onClose={onClose}>
      {catalog.isPending && initialRef === null ? (
        <Loading label="Finding the environments you can export…" />
      ) : create.isSuccess ? (
        <div className="export-done">
          <div className="success" role="status">
            <p>
              Wrote <code className="path">{create.data.export.path}</code> with {create.data.export.keys.length}{' '}
              {create.data.export.keys.length === 1 ? 'key' : 'keys'}. It expires in {formatTimeLeft(create.data.export.secondsLeft)}, and
              Latchkey removes it then.
            </p>
            {create.data.warnings.map((w) => (
              <p key={w} className="warn-text">
                {w}
              </p>
            ))}
          </div>
          <div className="form-actions">
            <button ref={doneRef} type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
            <button type="button" className="button" onClick={() => (create.reset(), change({ path: '' }))}>
              Export another
            </button>
          </div>
        </div>
      ) : (
        <ExportForm
          draft={draft}
          envRef={ref}
          fixedRef={initialRef !== null}
          granted={granted}
          nativeDialog={capabilities.data?.saveDialog === true}
          onChange={change}
          onSubmit={submit}
          submitRef={submitRef}
          pending={create.isPending}
          error={create.error ?? ignore.error ?? dialogError}
          onPathError={setDialogError}
          gitignore={{ add: addToGitignore, busy: ignore.isPending }}
          onExtend={onExport('extend')}
          onRevoke={onExport('revoke')}
          override={{ offered: refusedFor === target && create.isError, checked: override, set: setOverride }}
          notice={notice}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}

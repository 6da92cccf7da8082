import { useState, type DragEvent } from 'react';
import { MAX_PROFILE_BYTES } from '../../../shared/profile';
import type { ProfileImported } from '../../../shared/contract';
import { call, isLatchkeyError, LatchkeyError } from '../api/client';
import { useCapabilities } from '../api/queries';
import { useImportProfile } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { ConfirmChanges } from './ConfirmChanges';

type ProfileFile = { name: string; text: string };

/**
 * Step 1: the team profile, from the system open dialog (the app) or a file input and drag and drop (a
 * browser). Errors name the JSON path of the first bad field (main says it). An import that would change
 * where a backend signs in is refused by main; the change (old → new) is shown for confirmation and sent
 * again with `acceptChanges` only when the person accepts it.
 */
export function ProfileImport({ onImported }: { onImported?: (result: ProfileImported) => void }) {
  const capabilities = useCapabilities();
  const importer = useImportProfile();
  const [confirm, setConfirm] = useState<{ file: ProfileFile; error: LatchkeyError } | null>(null);
  const [readError, setReadError] = useState<unknown>(null);
  const [over, setOver] = useState(false);

  const send = (file: ProfileFile, acceptChanges = false) => {
    setReadError(null);
    importer.mutate(
      { text: file.text, source: file.name, ...(acceptChanges ? { acceptChanges: true } : {}) },
      {
        onSuccess: (result) => (setConfirm(null), onImported?.(result)),
        onError: (error) => {
          if (isLatchkeyError(error) && error.next?.action === 'accept-changes') setConfirm({ file, error });
        },
      },
    );
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    // Refused before reading: a huge file is not a profile, and it would only fill the window's memory.
    if (file.size > MAX_PROFILE_BYTES) {
      setReadError(new LatchkeyError('profile:import', { code: 'BAD_REQUEST', message: `${file.name} is too large for a team profile (${file.size} bytes).`, hint: 'Check that this is the team profile your lead sent; it should be a small JSON file.' }));
      return;
    }
    send({ name: file.name, text: await file.text() });
  };

  const openDialog = async () => {
    try {
      const { file } = await call('dialog:openProfile', {});
      if (file) send(file);
    } catch (error) {
      setReadError(error);
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void readFile(event.dataTransfer.files[0]);
  };

  const error = readError ?? (confirm ? null : importer.error);
  return (
    <div className="profile-import">
      <div
        className={over ? 'drop-zone drop-zone-over' : 'drop-zone'}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop the team profile your lead sent you (a <code>.json</code> file) here, or</p>
        {capabilities.data?.openDialog ? (
          <button type="button" className="button button-primary" aria-disabled={importer.isPending} onClick={() => !importer.isPending && void openDialog()}>
            Choose file…
          </button>
        ) : (
          <label className="button button-primary file-button">
            Choose file…
            <input
              type="file"
              accept=".json,application/json"
              className="visually-hidden"
              onChange={(e) => {
                void readFile(e.currentTarget.files?.[0]);
                e.currentTarget.value = '';
              }}
            />
          </label>
        )}
      </div>
      <div aria-live="polite">{importer.isPending ? <p className="loading">Importing…</p> : null}</div>
      {error ? <ErrorPanel error={error} /> : null}
      {confirm ? (
        <ConfirmChanges
          error={confirm.error}
          busy={importer.isPending}
          onAccept={() => send(confirm.file, true)}
          onCancel={() => (setConfirm(null), importer.reset())}
        />
      ) : null}
    </div>
  );
}

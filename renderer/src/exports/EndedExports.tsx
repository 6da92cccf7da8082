import { useEffect, useRef, useState } from 'react';
import { useExportEndings } from './export-endings';

/**
 * What happened to exports that ended while you looked (or since the app started): each says whether the
 * file was removed, or why it was left in place (you edited it) — in which case it may still hold secrets.
 */
export function EndedExports() {
  const { endings, dismiss, focusRequest } = useExportEndings();
  const section = useRef<HTMLElement>(null);
  const [refocus, setRefocus] = useState(false);
  // After the render that shows (or removes) a note: a revoke's row and a dismissed note's button are gone.
  useEffect(() => {
    if (focusRequest > 0) section.current?.focus();
  }, [focusRequest]);
  useEffect(() => {
    if (!refocus) return;
    setRefocus(false);
    (section.current?.querySelector<HTMLElement>('button') ?? document.getElementById('main'))?.focus();
  }, [refocus, endings]);
  if (endings.length === 0) return null;
  const onDismiss = (id: string) => {
    dismiss(id);
    setRefocus(true);
  };
  return (
    <section ref={section} className="endings" tabIndex={-1} aria-label="Ended exports">
      {endings.map((e) => (
        <div key={e.id} className={e.left ? 'notice ending' : 'success ending'} role="status">
          <p>
            {e.reason === 'revoked' ? 'Revoked' : 'Expired'}: <code className="ref">{e.ref}</code> (<code className="path">{e.path}</code>). {e.left ? `${capitalize(e.left)}.` : e.fileRemoved ? 'The file was removed.' : 'Nothing was left on disk.'}
          </p>
          <button type="button" className="button button-small button-quiet" onClick={() => onDismiss(e.id)} aria-label={`Dismiss the note about ${e.ref}`}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

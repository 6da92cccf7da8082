import { useId, useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../shared/contract';
import { isLatchkeyError } from '../api/client';
import { useCreateExport } from '../api/mutations';
import { useCatalog } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Section } from '../components/Section';
import { formatTimeLeft } from '../time';
import { KeyPicker } from './KeyPicker';

type Format = NonNullable<ChannelInput<'exports:create'>['format']>;
const FORMATS: Array<{ value: Format; label: string }> = [
  { value: 'dotenv', label: '.env (dotenv)' },
  { value: 'json', label: 'JSON' },
  { value: 'shell', label: 'Shell (export K=V)' },
  { value: 'docker', label: 'Docker env-file' },
];

/** Writes a scoped, expiring file from one granted environment (`exports:create`). */
export function CreateExportForm() {
  const ids = { ref: useId(), path: useId(), format: useId(), ttl: useId() };
  const catalog = useCatalog(null);
  const create = useCreateExport();
  const granted = catalog.data?.filter((e) => e.access === 'granted').map((e) => e.ref) ?? [];
  const [ref, setRef] = useState('');
  const [path, setPath] = useState('');
  const [keys, setKeys] = useState<string[]>([]);
  const [format, setFormat] = useState<Format>('dotenv');
  const [ttl, setTtl] = useState('');
  const [allowUnignored, setAllowUnignored] = useState(false);
  const chosenRef = ref || granted[0] || '';
  const unsafe = isLatchkeyError(create.error) && create.error.code === 'UNSAFE_TARGET';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      ref: chosenRef,
      path: path.trim(),
      format,
      ...(keys.length > 0 ? { keys } : {}),
      ...(ttl.trim() !== '' ? { ttl: ttl.trim() } : {}),
      ...(allowUnignored ? { allowUnignored: true } : {}),
    });
  };

  return (
    <Section title="New export" description="Writes one environment's secrets to a file that Latchkey removes when its time is up.">
      {catalog.data && granted.length === 0 ? (
        <p className="muted">You have no granted environment yet. Ask for access on the Requests screen first.</p>
      ) : (
        <form className="form" onSubmit={submit} aria-label="New export">
          <div className="field">
            <label htmlFor={ids.ref}>Environment</label>
            <select id={ids.ref} className="select" value={chosenRef} onChange={(e) => (setRef(e.target.value), setKeys([]))}>
              {granted.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.path}>File path</label>
            <input id={ids.path} className="input" required value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/project/.env" spellCheck={false} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.format}>Format</label>
              <select id={ids.format} className="select" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
                {FORMATS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.ttl}>Expires after</label>
              <input id={ids.ttl} className="input input-short" value={ttl} onChange={(e) => setTtl(e.target.value)} placeholder="8h" aria-describedby={`${ids.ttl}-hint`} />
              <span id={`${ids.ttl}-hint`} className="field-hint">90s, 15m, 8h or 2d. Empty: the team default.</span>
            </div>
          </div>
          {chosenRef ? <KeyPicker envRef={chosenRef} value={keys} onChange={setKeys} /> : null}
          {unsafe || allowUnignored ? (
            <label className="check check-warn">
              <input type="checkbox" checked={allowUnignored} onChange={(e) => setAllowUnignored(e.target.checked)} />
              Write it anyway, although git does not ignore it (recorded in the audit log)
            </label>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isPending || chosenRef === ''}>
              {create.isPending ? 'Writing…' : 'Write export'}
            </button>
          </div>
        </form>
      )}
      {create.isError ? <ErrorPanel error={create.error} /> : null}
      {create.isSuccess ? (
        <div className="success" role="status">
          <p>
            Wrote <code className="path">{create.data.export.path}</code> with {create.data.export.keys.length} keys. It
            expires in {formatTimeLeft(create.data.export.secondsLeft)}.
          </p>
          {create.data.warnings.map((w) => (
            <p key={w} className="warn-text">
              {w}
            </p>
          ))}
        </div>
      ) : null}
    </Section>
  );
}

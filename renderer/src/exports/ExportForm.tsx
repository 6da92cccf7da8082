import { useId, type FormEvent, type RefObject } from 'react';
import { useExportLimits } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { KeyPicker } from './KeyPicker';
import { PathField, type Format } from './PathField';
import { TtlChoice, ttlChoices } from './TtlChoice';
import { SubmitActions } from '../components/SubmitActions';

export type ExportDraft = { ref: string; path: string; format: Format; ttl: string | null; keys: string[] };

const FORMATS: Array<{ value: Format; label: string }> = [
  { value: 'dotenv', label: '.env (dotenv)' },
  { value: 'json', label: 'JSON' },
  { value: 'shell', label: 'Shell (export K=V)' },
  { value: 'docker', label: 'Docker env-file' },
];

type Props = {
  draft: ExportDraft;
  /** The environment in effect (the draft's, else the first granted one). */
  envRef: string;
  fixedRef: boolean;
  granted: string[];
  nativeDialog: boolean;
  onChange: (patch: Partial<ExportDraft>) => void;
  onSubmit: (ttl: string) => void;
  submitRef: RefObject<HTMLButtonElement | null>;
  pending: boolean;
  error: unknown;
  onPathError: (error: unknown) => void;
  gitignore: { add: () => void; busy: boolean };
  onExtend: (next: { id: string }) => void;
  onRevoke: (next: { id: string }) => void;
  override: { offered: boolean; checked: boolean; set: (on: boolean) => void };
  notice: string | null;
  onCancel: () => void;
};

/** The fields of the export dialog; the dialog owns the state and the rules about the override. */
export function ExportForm(props: Props) {
  const { draft, envRef: ref, override } = props;
  const ids = { ref: useId(), format: useId() };
  const limits = useExportLimits(ref || null);
  const ttl = draft.ttl ?? limits.data?.defaultTtl ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ttl !== null && !props.pending) props.onSubmit(ttl);
  };

  if (props.granted.length === 0 && !props.fixedRef) {
    return <p className="muted">You have no granted environment yet. Ask for access on the Requests screen first.</p>;
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Export">
      {props.fixedRef ? null : (
        <div className="field">
          <label htmlFor={ids.ref}>Environment</label>
          {/* autoFocus too: when the catalog answers after the dialog opened, the select appears later and
              must still take focus (the dialog focused its first control before it existed). */}
          <select id={ids.ref} className="select" value={ref} onChange={(e) => props.onChange({ ref: e.target.value })} data-autofocus autoFocus>
            {props.granted.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      )}
      <PathField envRef={ref} format={draft.format} value={draft.path} onChange={(path) => props.onChange({ path })} nativeDialog={props.nativeDialog} onError={props.onPathError} />
      <div className="field">
        <label htmlFor={ids.format}>Format</label>
        <select id={ids.format} className="select" value={draft.format} onChange={(e) => props.onChange({ format: e.target.value as Format })}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {limits.data && ttl !== null ? (
        <TtlChoice
          choices={ttlChoices(limits.data.defaultTtl, limits.data.maxTtl)}
          value={ttl}
          onChange={(value) => props.onChange({ ttl: value })}
          maxTtl={limits.data.maxTtl}
          maxFromProfile={limits.data.maxFromProfile}
        />
      ) : null}
      {limits.isError ? <ErrorPanel error={limits.error} onRetry={() => void limits.refetch()} /> : null}
      {ref ? <KeyPicker envRef={ref} value={draft.keys} onChange={(keys) => props.onChange({ keys })} /> : null}
      {props.error ? (
        <ErrorPanel
          error={props.error}
          busy={props.gitignore.busy}
          next={{ 'add-gitignore': props.gitignore.add, 'extend-export': props.onExtend, 'revoke-export': props.onRevoke }}
        />
      ) : null}
      {props.notice ? (
        <p className="success" role="status">
          {props.notice}
        </p>
      ) : null}
      {override.offered ? (
        <label className="check check-warn">
          <input type="checkbox" checked={override.checked} onChange={(e) => override.set(e.target.checked)} />
          Write it anyway, although git does not ignore it (recorded in the audit log)
        </label>
      ) : null}
      <SubmitActions label="Write export" busyLabel="Writing…" busy={props.pending} disabled={ref === '' || ttl === null} onCancel={props.onCancel} submitRef={props.submitRef} />
    </form>
  );
}

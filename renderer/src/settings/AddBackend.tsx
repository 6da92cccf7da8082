import { useId, useState, type FormEvent } from 'react';
import type { BackendKind } from '../../../shared/backends';
import type { ChannelInput } from '../../../shared/contract';
import { isLatchkeyError, type LatchkeyError } from '../api/client';
import { useAddBackend } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { KIND_LABELS } from '../environments/backend-groups';
import { ConfirmChanges } from '../welcome/ConfirmChanges';

const METHODS: Record<BackendKind, string[]> = {
  vault: ['token', 'userpass', 'oidc'],
  infisical: ['universal', 'token', 'user', 'password'],
  doppler: ['token'],
  aws: ['chain', 'keys'],
};

type Draft = { kind: BackendKind; name: string; url: string; method: string; kvMount: string; region: string; prefix: string };
type Options = Omit<ChannelInput<'backends:add'>, 'config'> & { allowInsecureHttp?: boolean };

/** Adds one backend (no secret in it: the sign-in comes after, on its card). */
export function AddBackend({ onAdded }: { onAdded: () => void }) {
  const id = useId();
  const add = useAddBackend();
  const [draft, setDraft] = useState<Draft>({ kind: 'vault', name: '', url: '', method: 'token', kvMount: 'secret', region: '', prefix: '' });
  const [options, setOptions] = useState<Options>({});
  const [confirm, setConfirm] = useState<LatchkeyError | null>(null);
  const set = (patch: Partial<Draft>) => (setDraft((d) => ({ ...d, ...patch })), setOptions({}), add.reset());

  const send = (next: Options) => {
    setOptions(next);
    const { allowInsecureHttp, ...flags } = next;
    const aws = draft.kind === 'aws';
    const config = {
      name: draft.name.trim(),
      kind: draft.kind,
      // AWS: the address follows from the region (Secrets Manager's own endpoint).
      ...(aws ? { region: draft.region.trim(), prefix: draft.prefix.trim() } : { url: draft.url.trim() }),
      auth: { method: draft.method },
      ...(draft.kind === 'vault' ? { kvMount: draft.kvMount.trim() || 'secret' } : {}),
      ...(allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    };
    add.mutate(
      // Main parses the config against the backend schemas and names the first bad field.
      { config: config as ChannelInput<'backends:add'>['config'], ...flags },
      {
        onSuccess: () => (setConfirm(null), onAdded()),
        onError: (error) => setConfirm(isLatchkeyError(error) && error.next?.action === 'accept-changes' ? error : null),
      },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!add.isPending) send({});
  };

  return (
    <form className="form add-backend" onSubmit={submit} aria-label="Add a backend">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} className="select" value={draft.kind} onChange={(e) => set({ kind: e.target.value as BackendKind, method: METHODS[e.target.value as BackendKind][0]! })}>
            {(Object.keys(METHODS) as BackendKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-method`}>Sign-in method</label>
          <select id={`${id}-method`} className="select" value={draft.method} onChange={(e) => set({ method: e.target.value })}>
            {METHODS[draft.kind].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" required value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="acme-vault" spellCheck={false} />
        </div>
        {draft.kind === 'aws' ? (
          <div className="field">
            <label htmlFor={`${id}-region`}>Region</label>
            <input id={`${id}-region`} className="input" required value={draft.region} onChange={(e) => set({ region: e.target.value })} placeholder="eu-west-1" spellCheck={false} />
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-url`}>URL</label>
            <input id={`${id}-url`} className="input" required value={draft.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://vault.acme.example:8200" spellCheck={false} />
          </div>
        )}
      </div>
      {draft.kind === 'aws' ? (
        <div className="field">
          <label htmlFor={`${id}-prefix`}>Secret name prefix (optional)</label>
          <input id={`${id}-prefix`} className="input" value={draft.prefix} onChange={(e) => set({ prefix: e.target.value })} placeholder="acme/" spellCheck={false} />
        </div>
      ) : null}
      {draft.kind === 'vault' ? (
        <div className="field">
          <label htmlFor={`${id}-kv`}>KV mount</label>
          <input id={`${id}-kv`} className="input input-short" value={draft.kvMount} onChange={(e) => set({ kvMount: e.target.value })} spellCheck={false} />
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={add.isPending}>
          {options.replace ? 'Replace backend' : 'Add backend'}
        </button>
      </div>
      {add.isError && !confirm ? (
        <ErrorPanel
          error={add.error}
          busy={add.isPending}
          next={{
            'replace-backend': () => send({ ...options, replace: true }),
            'allow-insecure-http': () => send({ ...options, allowInsecureHttp: true }),
          }}
        />
      ) : null}
      {confirm ? <ConfirmChanges error={confirm} busy={add.isPending} onAccept={() => send({ ...options, acceptChanges: true })} onCancel={() => (setConfirm(null), add.reset())} /> : null}
    </form>
  );
}

import { useSecretDescription } from '../api/queries';

type Props = { envRef: string; value: string[]; onChange: (keys: string[]) => void };

/** Optional subset of keys (names only, from `secrets:describe`). None ticked means every key. */
export function KeyPicker({ envRef, value, onChange }: Props) {
  const described = useSecretDescription(envRef);
  const names = described.data?.secrets.map((s) => s.key) ?? [];
  const toggle = (key: string, on: boolean) => onChange(on ? [...value, key] : value.filter((k) => k !== key));
  return (
    <fieldset className="fieldset">
      <legend>Keys</legend>
      <p className="field-hint">{value.length === 0 ? 'All keys. Tick some to export only those.' : `${value.length} of ${names.length} keys.`}</p>
      {described.isError ? <p className="warn-text">Could not list the keys: {described.error.message}</p> : null}
      <div className="checks">
        {names.map((key) => (
          <label key={key} className="check">
            <input type="checkbox" checked={value.includes(key)} onChange={(e) => toggle(key, e.target.checked)} />
            <code>{key}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

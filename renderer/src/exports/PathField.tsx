import { useId } from 'react';
import type { ChannelInput } from '../../../shared/contract';
import { call } from '../api/client';

export type Format = NonNullable<ChannelInput<'exports:create'>['format']>;

const DEFAULT_NAMES: Record<Format, string> = { dotenv: '.env', json: 'secrets.json', shell: '.env.sh', docker: '.env.docker' };

type Props = {
  envRef: string;
  format: Format;
  value: string;
  onChange: (path: string) => void;
  /** The app offers the system save dialog; a plain browser page asks for the path instead. */
  nativeDialog: boolean;
  onError: (error: unknown) => void;
};

/** Where the file goes: the system save dialog in the app, a path field in a browser. */
export function PathField({ envRef, format, value, onChange, nativeDialog, onError }: Props) {
  const id = useId();
  if (!nativeDialog) {
    return (
      <div className="field">
        <label htmlFor={id}>File path</label>
        <input
          id={id}
          className="input"
          required
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={`/home/you/project/${DEFAULT_NAMES[format]}`}
          spellCheck={false}
          aria-describedby={`${id}-hint`}
        />
        <span id={`${id}-hint`} className="field-hint">
          The full path of the file to write.
        </span>
      </div>
    );
  }
  const choose = async () => {
    try {
      const chosen = await call('dialog:saveExportPath', { ref: envRef, defaultName: DEFAULT_NAMES[format] });
      if (chosen.path !== null) onChange(chosen.path);
    } catch (error) {
      onError(error);
    }
  };
  return (
    <div className="field">
      <span id={id} className="field-label">
        File
      </span>
      <div className="path-choice">
        <code className="path">
          {value === '' ? 'No file chosen' : value}
        </code>
        <button type="button" className="button button-small" onClick={() => void choose()} aria-describedby={id}>
          {value === '' ? 'Choose file…' : 'Change…'}
        </button>
      </div>
    </div>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { runCommandLine } from '../../../shared/run-command';
import { ErrorPanel } from '../components/ErrorPanel';
import { useCopyRunCommand } from './clipboard';

/** "Run…": the command that starts the user's program with this environment's secrets, nothing on disk. */
export function RunCommand({ envRef }: { envRef: string }) {
  const id = useId();
  const [command, setCommand] = useState('npm run dev');
  const copy = useCopyRunCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    copy.mutate({ ref: envRef, command });
  };
  return (
    <form className="run-command" onSubmit={submit} aria-label="Run with these secrets">
      <label htmlFor={id}>Your command</label>
      <div className="run-line">
        <input id={id} className="input" value={command} spellCheck={false} onChange={(e) => (setCommand(e.target.value), copy.reset())} data-autofocus />
        <button type="submit" className="button button-small" disabled={command.trim() === ''}>
          Copy command
        </button>
      </div>
      <code className="run-preview">{command.trim() === '' ? '' : runCommandLine(envRef, command)}</code>
      <p className="field-hint">Paste it in a terminal: the secrets go into that program's environment only, never to a file.</p>
      {copy.isSuccess ? (
        <p className="copied" role="status">
          Copied the command.
        </p>
      ) : null}
      {copy.isError ? <ErrorPanel error={copy.error} /> : null}
    </form>
  );
}

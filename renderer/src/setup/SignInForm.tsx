import { useId, useState, type FormEvent } from 'react';
import type { BackendKind } from '../../../shared/backends';
import { ErrorPanel } from '../components/ErrorPanel';
import { RadioChips } from '../components/RadioChips';
import { BROWSER_METHODS, METHOD_LABELS, signInMethods, tokenLabel, type SignInMethod } from './sign-in-methods';
import { useSignIn, type Credentials } from './use-sign-in';

type Props = {
  backend: { name: string; kind: BackendKind | null; authMethod: string | null };
  /** Focus the first field when shown (opened by a "Sign in" button). */
  autoFocus?: boolean;
};

/**
 * Sign in to one backend with its configured method. Secret fields are uncontrolled password inputs: their
 * text is read once at submit, the inputs are emptied at once, and the credentials go to main in one call.
 * Nothing secret is kept in React state, the query cache or the DOM afterwards.
 */
export function SignInForm({ backend, autoFocus = false }: Props) {
  const methods = signInMethods(backend.kind, backend.authMethod);
  const [method, setMethod] = useState<SignInMethod>(methods[0]!);
  const { state, signIn, reset } = useSignIn(backend.name);
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  const pending = state.status === 'pending';
  const browser = BROWSER_METHODS.has(method);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const secret = (name: string) => String(data.get(name) ?? '');
    const credentials = credentialsFor(method, text, secret);
    // The secret leaves the page now: empty every password field before anything else happens.
    for (const input of form.querySelectorAll<HTMLInputElement>('input[type=password]')) input.value = '';
    void signIn(credentials);
  };

  return (
    <form className="form sign-in" onSubmit={submit} aria-label={`Sign in to ${backend.name}`}>
      {methods.length > 1 ? (
        <fieldset className="fieldset">
          <legend>How</legend>
          <RadioChips choices={methods.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} value={method} onChange={(m) => (setMethod(m), reset())} />
        </fieldset>
      ) : null}
      {method === 'token' ? <Secret id={field('token')} name="token" label={tokenLabel(backend.kind)} autoFocus={autoFocus} /> : null}
      {method === 'userpass' ? (
        <div className="field-row">
          <Text id={field('username')} name="username" label="Username" autoComplete="username" autoFocus={autoFocus} />
          <Secret id={field('password')} name="password" label="Password" />
        </div>
      ) : null}
      {method === 'universal' ? (
        <div className="field-row">
          <Text id={field('clientId')} name="clientId" label="Client ID" autoFocus={autoFocus} />
          <Secret id={field('clientSecret')} name="clientSecret" label="Client secret" />
        </div>
      ) : null}
      {method === 'password' ? (
        <>
          <div className="field-row">
            <Text id={field('email')} name="email" label="Email" type="email" autoComplete="username" autoFocus={autoFocus} />
            <Secret id={field('password')} name="password" label="Password" />
          </div>
          <Text id={field('organization')} name="organization" label="Organization (if you belong to several)" required={false} />
        </>
      ) : null}
      {method === 'keys' ? (
        <div className="field-row">
          <Text id={field('accessKeyId')} name="accessKeyId" label="Access key ID" autoFocus={autoFocus} />
          <Secret id={field('secretAccessKey')} name="secretAccessKey" label="Secret access key" />
        </div>
      ) : null}
      {method === 'chain' ? (
        <p className="field-hint">Latchkey uses your AWS CLI profile or SSO session on this machine, as the AWS CLI would; nothing secret is stored.</p>
      ) : null}
      {browser ? (
        <p className="field-hint">
          Your browser opens the {backend.kind === 'infisical' ? 'Infisical' : 'identity provider'} sign-in page; Latchkey gets the session when you finish
          there.
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={pending} autoFocus={autoFocus && browser}>
          {pending ? (browser ? 'Waiting for your browser…' : 'Signing in…') : browser ? 'Sign in with browser' : method === 'chain' ? 'Use my AWS credentials' : 'Sign in'}
        </button>
      </div>
      <div aria-live="polite">
        {state.status === 'done' ? (
          <p className="success" role="status">
            Signed in to {backend.name} as {state.signedIn.identity}.
          </p>
        ) : null}
      </div>
      {state.status === 'error' ? <ErrorPanel error={state.error} /> : null}
    </form>
  );
}

/** The credentials the chosen method sends; empty optional fields are left out. */
function credentialsFor(method: SignInMethod, text: (name: string) => string, secret: (name: string) => string): Credentials {
  switch (method) {
    case 'token':
      return { method, token: secret('token') };
    case 'userpass':
      return { method, username: text('username'), password: secret('password') };
    case 'universal':
      return { method, clientId: text('clientId'), clientSecret: secret('clientSecret') };
    case 'password': {
      const organization = text('organization');
      return { method, email: text('email'), password: secret('password'), ...(organization ? { organization } : {}) };
    }
    case 'keys':
      return { method, accessKeyId: text('accessKeyId'), secretAccessKey: secret('secretAccessKey') };
    case 'oidc':
    case 'user':
    case 'chain':
      return { method };
  }
}

type FieldProps = { id: string; name: string; label: string; autoFocus?: boolean };

function Secret({ id, name, label, autoFocus }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {/* Uncontrolled on purpose: React never holds the value (see SignInForm). */}
      <input id={id} name={name} type="password" className="input" required autoComplete="off" spellCheck={false} autoFocus={autoFocus} />
    </div>
  );
}

function Text({ id, name, label, autoFocus, type = 'text', autoComplete = 'off', required = true }: FieldProps & { type?: string; autoComplete?: string; required?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type={type} className="input" required={required} autoComplete={autoComplete} spellCheck={false} autoFocus={autoFocus} />
    </div>
  );
}

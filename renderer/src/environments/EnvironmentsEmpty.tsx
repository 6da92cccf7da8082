import { EmptyState } from '../components/EmptyState';

/** First day: where a new hire starts, in the app. */
export function EnvironmentsEmpty({ onGetStarted }: { onGetStarted?: () => void }) {
  return (
    <EmptyState title="No environments yet">
      <p>
        Environments appear here once Latchkey knows your team's secrets managers (Vault or OpenBao, Infisical,
        Doppler) and you have signed in to them.
      </p>
      <ol className="steps">
        <li>Import the team profile your lead sent you.</li>
        <li>Sign in to each backend it lists.</li>
        <li>Choose your role: each environment then shows whether you can use it or need to ask for access.</li>
      </ol>
      {onGetStarted ? (
        <button type="button" className="button button-primary" onClick={onGetStarted}>
          Get started
        </button>
      ) : null}
    </EmptyState>
  );
}

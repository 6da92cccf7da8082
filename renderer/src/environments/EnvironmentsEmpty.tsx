import { EmptyState } from '../components/EmptyState';

/** First-day instructions: what a new hire runs to see their team's environments here. */
export function EnvironmentsEmpty() {
  return (
    <EmptyState title="No environments yet">
      <p>
        Environments appear here once Latchkey knows your team's secrets managers (Vault or OpenBao, Infisical,
        Doppler) and you have signed in to them.
      </p>
      <ol className="steps">
        <li>
          Import the team profile your lead sent you: <code>latchkey profile import &lt;file&gt;</code>
        </li>
        <li>
          Sign in to each backend it lists: <code>latchkey login &lt;backend&gt;</code>
        </li>
        <li>Come back here and press Refresh: each environment shows whether you can use it or need to ask for access.</li>
      </ol>
    </EmptyState>
  );
}

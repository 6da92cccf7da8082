import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';

export function EnvironmentsScreen() {
  return (
    <>
      <ScreenHeader title="Environments">Every environment your team uses, across all of its secrets managers.</ScreenHeader>
      <EmptyState title="No environments yet">
        <p>
          Once your team profile is imported and you have signed in to its backends (Vault or OpenBao, Infisical,
          Doppler), each environment — for example <code>payments/staging</code> — is listed here with whether you
          can already use it or need to ask for access.
        </p>
      </EmptyState>
    </>
  );
}

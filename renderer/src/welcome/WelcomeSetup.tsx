import type { ProfileSummary } from '../../../shared/contract';
import { useBackendStatus } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';
import { BackendCard } from '../setup/BackendCard';
import { RoleChoice } from './RoleChoice';
import { WelcomeStep } from './WelcomeStep';

type Props = { profile: NonNullable<ProfileSummary>; onChosen: () => void };

/** The profile is in: sign in to each of its backends and choose a role (either order). */
export function WelcomeSetup({ profile, onChosen }: Props) {
  const status = useBackendStatus();
  const backends = status.data ?? [];
  const signedIn = backends.filter((b) => b.state === 'signed-in').length;
  return (
    <>
      <ScreenHeader title="Welcome to Latchkey">
        The {profile.team} profile is imported. Sign in to its backends and choose your role; your checklist comes next.
      </ScreenHeader>
      <WelcomeStep number={1} title="Import the team profile" done>
        <p className="muted">
          Imported the <strong>{profile.team}</strong> profile: {profile.backends.length} {profile.backends.length === 1 ? 'backend' : 'backends'},{' '}
          {profile.roles.length} {profile.roles.length === 1 ? 'role' : 'roles'}.
        </p>
      </WelcomeStep>
      <WelcomeStep number={2} title="Sign in to each backend" done={backends.length > 0 && signedIn === backends.length}>
        {status.isPending ? <Loading label="Asking each backend…" /> : null}
        {status.isError ? <ErrorPanel error={status.error} onRetry={() => void status.refetch()} /> : null}
        <p className="muted small" role="status">
          {status.data ? `Signed in to ${signedIn} of ${backends.length}.` : ''}
        </p>
        <div className="backend-cards">
          {backends.map((b) => (
            <BackendCard key={b.name} status={b} signInOpen />
          ))}
        </div>
      </WelcomeStep>
      <WelcomeStep number={3} title="Choose your role" done={profile.role !== null}>
        <RoleChoice profile={profile} onChosen={onChosen} />
      </WelcomeStep>
    </>
  );
}

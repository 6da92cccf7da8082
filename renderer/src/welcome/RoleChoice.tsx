import type { ProfileSummary } from '../../../shared/contract';
import { useChooseRole } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';

type Props = { profile: NonNullable<ProfileSummary>; onChosen?: () => void };

/** Step 3: one button per role of the profile; the choice is kept in the data dir (`onboarding:chooseRole`). */
export function RoleChoice({ profile, onChosen }: Props) {
  const choose = useChooseRole();
  if (profile.roles.length === 0) {
    return <p className="muted">The {profile.team} profile defines no roles. Ask your lead for a profile that does.</p>;
  }
  return (
    <>
      <ul className="role-list">
        {profile.roles.map((role) => (
          <li key={role.name}>
            <button
              type="button"
              className="role-choice"
              aria-pressed={profile.role === role.name}
              aria-disabled={choose.isPending}
              onClick={() => !choose.isPending && choose.mutate(role.name, { onSuccess: () => onChosen?.() })}
            >
              <strong>{role.name}</strong>
              <span className="muted small">
                {role.environments.length} {role.environments.length === 1 ? 'environment' : 'environments'}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {choose.isError ? <ErrorPanel error={choose.error} /> : null}
    </>
  );
}

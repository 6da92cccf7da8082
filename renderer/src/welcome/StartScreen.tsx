import { useState } from 'react';
import { useProfile } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { Checklist } from '../onboarding/Checklist';
import { Welcome } from './Welcome';
import { WelcomeSetup } from './WelcomeSetup';

/** Day one: the welcome flow until a role is chosen, then that role's checklist. */
export function StartScreen() {
  const profile = useProfile();
  const [changingRole, setChangingRole] = useState(false);
  if (profile.isPending) return <Loading label="Loading…" />;
  if (profile.isError) return <ErrorPanel error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  if (!p) return <Welcome />;
  if (p.role === null || changingRole) return <WelcomeSetup profile={p} onChosen={() => setChangingRole(false)} />;
  return <Checklist role={p.role} team={p.team} onChangeRole={() => setChangingRole(true)} />;
}

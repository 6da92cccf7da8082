import { ScreenHeader } from '../components/ScreenHeader';
import { ProfileImport } from './ProfileImport';
import { WelcomeStep } from './WelcomeStep';

/** Nothing is set up yet: three steps, in the app, no terminal. */
export function Welcome() {
  return (
    <>
      <ScreenHeader title="Welcome to Latchkey">
        Three steps to the secrets your team uses: import the team profile, sign in, choose your role. Then Latchkey
        shows what you have, asks for what you lack, and writes a <code>.env</code> that deletes itself.
      </ScreenHeader>
      <WelcomeStep number={1} title="Import the team profile">
        <p className="card-description">Your lead sends one JSON file: your team's secrets managers, environments and roles. It holds no secret.</p>
        <ProfileImport />
      </WelcomeStep>
      <WelcomeStep number={2} title="Sign in to each backend" waiting>
        <p className="muted">One card per Vault/OpenBao, Infisical or Doppler the profile lists, each with its own sign-in.</p>
      </WelcomeStep>
      <WelcomeStep number={3} title="Choose your role" waiting>
        <p className="muted">Your role decides which environments are on your day-one checklist.</p>
      </WelcomeStep>
    </>
  );
}

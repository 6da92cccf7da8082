import { ScreenHeader } from '../components/ScreenHeader';
import { AppInfoSection } from '../settings/AppInfoSection';
import { BackendsSection } from '../settings/BackendsSection';
import { CliSection } from '../settings/CliSection';
import { IdentitySection } from '../settings/IdentitySection';

export function SettingsScreen() {
  return (
    <>
      <ScreenHeader title="Settings">Where Latchkey keeps its data and how it protects your keys on this device.</ScreenHeader>
      <AppInfoSection />
      <IdentitySection />
      <BackendsSection />
      <CliSection />
    </>
  );
}

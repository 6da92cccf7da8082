import type { ScreenId } from '../navigation';
import { EnvironmentsScreen } from './EnvironmentsScreen';
import { ExportsScreen } from './ExportsScreen';
import { RequestsScreen } from './RequestsScreen';
import { SettingsScreen } from './SettingsScreen';

export function ScreenView({ screen }: { screen: ScreenId }) {
  switch (screen) {
    case 'environments':
      return <EnvironmentsScreen />;
    case 'requests':
      return <RequestsScreen />;
    case 'exports':
      return <ExportsScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

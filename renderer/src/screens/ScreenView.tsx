import type { ScreenId } from '../navigation';
import { ActivityScreen } from './ActivityScreen';
import { EnvironmentsScreen } from './EnvironmentsScreen';
import { ExportsScreen } from './ExportsScreen';
import { RequestsScreen } from './RequestsScreen';
import { SettingsScreen } from './SettingsScreen';

type Props = { screen: ScreenId; onRequestAccess?: (ref: string) => void };

export function ScreenView({ screen, onRequestAccess }: Props) {
  switch (screen) {
    case 'environments':
      return <EnvironmentsScreen onRequestAccess={onRequestAccess} />;
    case 'requests':
      return <RequestsScreen onRequestAccess={onRequestAccess} />;
    case 'exports':
      return <ExportsScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

import type { ScreenId } from '../navigation';
import { ActivityScreen } from './ActivityScreen';
import { EnvironmentsScreen } from './EnvironmentsScreen';
import { ExportsScreen } from './ExportsScreen';
import { RequestsScreen } from './RequestsScreen';
import { SettingsScreen } from './SettingsScreen';
import { StartScreen } from '../welcome/StartScreen';

type Props = { screen: ScreenId; onRequestAccess?: (ref: string) => void; onNavigate?: (screen: ScreenId) => void };

export function ScreenView({ screen, onRequestAccess, onNavigate }: Props) {
  switch (screen) {
    case 'start':
      return <StartScreen />;
    case 'environments':
      return <EnvironmentsScreen onRequestAccess={onRequestAccess} onGetStarted={onNavigate && (() => onNavigate('start'))} />;
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

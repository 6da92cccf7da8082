import { useState } from 'react';
import { useExportExpiryRefresh } from './api/events';
import { Sidebar } from './components/Sidebar';
import { ScreenView } from './screens/ScreenView';
import type { ScreenId } from './navigation';

export function App() {
  const [screen, setScreen] = useState<ScreenId>('environments');
  useExportExpiryRefresh();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar current={screen} onNavigate={setScreen} />
      <main id="main" className="main" tabIndex={-1}>
        <ScreenView screen={screen} />
      </main>
    </div>
  );
}

import { useCallback, useMemo, useState } from 'react';
import { channels } from '../../shared/contract';
import { Sidebar } from './components/Sidebar';
import { ExportActionsContext, type ExportAction } from './exports/export-actions';
import { ExportDialogProvider } from './exports/export-dialog-context';
import { ExportEndingsProvider } from './exports/export-endings';
import { ScreenView } from './screens/ScreenView';
import type { ScreenId } from './navigation';

/** "Request access" is offered only once main can take a request: never a button that pretends. */
const canRequestAccess = channels.some((channel) => channel.startsWith('access:'));

export function App() {
  const [screen, setScreen] = useState<ScreenId>('environments');
  const [pending, setPending] = useState<ExportAction | null>(null);
  const request = useCallback((action: ExportAction) => (setPending(action), setScreen('exports')), []);
  const done = useCallback(() => setPending(null), []);
  const exportActions = useMemo(() => ({ pending, request, done }), [pending, request, done]);
  return (
    <ExportEndingsProvider>
      <ExportActionsContext.Provider value={exportActions}>
        <ExportDialogProvider>
          <div className="app">
            <a className="skip-link" href="#main">
              Skip to content
            </a>
            <Sidebar current={screen} onNavigate={setScreen} />
            {/* Focusable: main is the scrolling region, and a keyboard must be able to scroll it (screens
                like Settings have no control of their own to focus). */}
            <main id="main" className="main" tabIndex={0}>
              <ScreenView screen={screen} onRequestAccess={canRequestAccess ? () => setScreen('requests') : undefined} />
            </main>
          </div>
        </ExportDialogProvider>
      </ExportActionsContext.Provider>
    </ExportEndingsProvider>
  );
}

import { useCallback, useMemo, useState } from 'react';
import { channels } from '../../shared/contract';
import { Sidebar } from './components/Sidebar';
import { ExportActionsContext, type ExportAction } from './exports/export-actions';
import { ExportDialogProvider } from './exports/export-dialog-context';
import { ExportEndingsProvider } from './exports/export-endings';
import { useAccessEvents } from './requests/access-api';
import { RequestDialog } from './requests/RequestDialog';
import { ScreenView } from './screens/ScreenView';
import type { ScreenId } from './navigation';
import { useFirstScreen } from './welcome/first-screen';
import { Loading } from './components/Loading';

/** "Request access" is offered only once main can take a request: never a button that pretends. */
const canRequestAccess = channels.some((channel) => channel.startsWith('access:'));

export function App() {
  const first = useFirstScreen();
  const [chosen, setScreen] = useState<ScreenId | null>(null);
  const screen = chosen ?? first;
  const [pending, setPending] = useState<ExportAction | null>(null);
  const request = useCallback((action: ExportAction) => (setPending(action), setScreen('exports')), []);
  const done = useCallback(() => setPending(null), []);
  const exportActions = useMemo(() => ({ pending, request, done }), [pending, request, done]);
  // The request dialog, for an environment (its drawer, "Request again", a notification about a grant ending).
  const [asking, setAsking] = useState<string | null>(null);
  const askAccess = useCallback((ref: string) => setAsking(ref), []);
  useAccessEvents((open) => {
    setScreen('requests');
    if (open.action === 'request-again') setAsking(open.ref);
  });
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
              {screen === null ? (
                <Loading label="Loading…" />
              ) : (
                <ScreenView screen={screen} onNavigate={setScreen} onRequestAccess={canRequestAccess ? askAccess : undefined} />
              )}
            </main>
            {asking ? <RequestDialog envRef={asking} onClose={() => setAsking(null)} onShowRequests={() => setScreen('requests')} /> : null}
          </div>
        </ExportDialogProvider>
      </ExportActionsContext.Provider>
    </ExportEndingsProvider>
  );
}

import { useEffect } from 'react';
import { useAppInfo } from '../api/queries';

/** `npm run demo`: said on every screen (the sidebar never scrolls) and in the window title. */
export function DemoBadge() {
  const demo = useAppInfo().data?.demo === true;
  useEffect(() => {
    if (demo) document.title = 'DEMO · Latchkey';
  }, [demo]);
  if (!demo) return null;
  return (
    <p className="demo-badge" role="note" aria-label="Demo">
      <strong>DEMO</strong>
      <span>A fake team on throwaway servers on this machine. Nothing here is real.</span>
    </p>
  );
}

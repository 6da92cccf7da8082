import { useRef } from 'react';
import { useBackends, useProfile } from '../api/queries';
import type { ScreenId } from '../navigation';

/**
 * Where the app opens: Day one when nothing is set up yet (no team profile, no backend), else Environments.
 * Null while main has not answered, so the window never flashes one screen and then the other. Decided once:
 * importing the profile on Day one must not move the person to another screen.
 */
export function useFirstScreen(): ScreenId | null {
  const profile = useProfile();
  const backends = useBackends();
  const decided = useRef<ScreenId | null>(null);
  if (decided.current === null && !profile.isPending && !backends.isPending) {
    const nothing = profile.data === null && backends.data !== undefined && backends.data.length === 0;
    decided.current = nothing ? 'start' : 'environments';
  }
  return decided.current;
}

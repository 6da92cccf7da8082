import { useBackends, useProfile } from '../api/queries';
import type { ScreenId } from '../navigation';

/**
 * Where the app opens: Day one when nothing is set up yet (no team profile, no backend), else Environments.
 * Null while main has not answered, so the window never flashes one screen and then the other.
 */
export function useFirstScreen(): ScreenId | null {
  const profile = useProfile();
  const backends = useBackends();
  if (profile.isPending || backends.isPending) return null;
  const nothing = profile.data === null && backends.data !== undefined && backends.data.length === 0;
  return nothing ? 'start' : 'environments';
}

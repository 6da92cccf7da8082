import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Main sweeps expired exports on its own timer and says so with `exports:expired`; refresh the list then, so
 * an export whose file is gone never stays on screen. Mounted once by the App, whatever screen is shown.
 */
export function useExportExpiryRefresh() {
  const client = useQueryClient();
  useEffect(() => {
    const api = window.latchkey;
    if (!api) return undefined;
    return api.on('exports:expired', () => void client.invalidateQueries({ queryKey: ['exports:list'] }));
  }, [client]);
}

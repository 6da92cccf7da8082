import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { events } from '../../../shared/contract';
import type { z } from 'zod';

/** How an export ended, from a revoke answer or main's `exports:expired` event. */
export type ExportEnding = z.infer<(typeof events)['exports:expired']> & { path?: string };

type Endings = { endings: ExportEnding[]; record: (ending: ExportEnding) => void; dismiss: (id: string) => void };

const Context = createContext<Endings>({ endings: [], record: () => undefined, dismiss: () => undefined });

export const useExportEndings = () => useContext(Context);

/**
 * Main sweeps expired exports on its own timer and says so with `exports:expired` (also for a revoke from
 * the CLI). Refresh the list then, so an export whose file is gone never stays on screen, and keep what
 * happened to its file — removed, or left in place because the user edited it — for the Exports screen.
 * Mounted once by the App, whatever screen is shown.
 */
export function ExportEndingsProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [endings, setEndings] = useState<ExportEnding[]>([]);
  const record = useCallback((ending: ExportEnding) => {
    // The revoke answer and main's event report the same ending: keep one, with the most detail.
    setEndings((list) => [{ ...list.find((e) => e.id === ending.id), ...ending }, ...list.filter((e) => e.id !== ending.id)].slice(0, 20));
  }, []);
  const dismiss = useCallback((id: string) => setEndings((list) => list.filter((e) => e.id !== id)), []);

  useEffect(() => {
    const api = window.latchkey;
    if (!api) return undefined;
    return api.on('exports:expired', (payload) => {
      const known = client.getQueryData<Array<{ id: string; path: string }>>(['exports:list'])?.find((e) => e.id === payload.id);
      record({ ...payload, ...(known ? { path: known.path } : {}) });
      void client.invalidateQueries({ queryKey: ['exports:list'] });
    });
  }, [client, record]);

  const value = useMemo(() => ({ endings, record, dismiss }), [endings, record, dismiss]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

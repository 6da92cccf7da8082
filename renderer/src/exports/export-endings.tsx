import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { events } from '../../../shared/contract';
import type { z } from 'zod';

/** How an export ended, from a revoke answer or main's `exports:expired` event. */
export type ExportEnding = z.infer<(typeof events)['exports:expired']>;

type Endings = {
  endings: ExportEnding[];
  /** `focus`: the control that acted is going away (a revoked row): the notes take focus once shown. */
  record: (ending: ExportEnding, options?: { focus?: boolean }) => void;
  dismiss: (id: string) => void;
  /** Bumped by `record(…, { focus: true })`. */
  focusRequest: number;
};

const Context = createContext<Endings>({ endings: [], record: () => undefined, dismiss: () => undefined, focusRequest: 0 });

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
  const [focusRequest, setFocusRequest] = useState(0);
  const record = useCallback((ending: ExportEnding, options: { focus?: boolean } = {}) => {
    if (options.focus) setFocusRequest((n) => n + 1);
    // The revoke answer and main's event report the same ending: keep one, with the most detail.
    setEndings((list) => [{ ...list.find((e) => e.id === ending.id), ...ending }, ...list.filter((e) => e.id !== ending.id)].slice(0, 20));
  }, []);
  const dismiss = useCallback((id: string) => setEndings((list) => list.filter((e) => e.id !== id)), []);

  useEffect(() => {
    const api = window.latchkey;
    if (!api) return undefined;
    return api.on('exports:expired', (payload) => {
      record(payload);
      void client.invalidateQueries({ queryKey: ['exports:list'] });
    });
  }, [client, record]);

  const value = useMemo(() => ({ endings, record, dismiss, focusRequest }), [endings, record, dismiss, focusRequest]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { ExportDialog } from './ExportDialog';

type OpenExport = (ref: string | null) => void;

const Context = createContext<OpenExport>(() => undefined);

/** Opens the export dialog, for one environment (from its drawer) or any granted one (from Exports). */
export const useExportDialog = () => useContext(Context);

/** Holds the one export dialog of the app; focus returns to whatever opened it. */
export function ExportDialogProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<{ ref: string | null } | null>(null);
  const open = useCallback<OpenExport>((ref) => setTarget({ ref }), []);
  return (
    <Context.Provider value={open}>
      {children}
      {target ? <ExportDialog initialRef={target.ref} onClose={() => setTarget(null)} /> : null}
    </Context.Provider>
  );
}

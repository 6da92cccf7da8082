import { createContext, useContext } from 'react';

/** An export to act on, asked for from elsewhere (an error's next step): the Exports screen opens it. */
export type ExportAction = { id: string; action: 'extend' | 'revoke' };

type ExportActions = {
  pending: ExportAction | null;
  /** Shows the Exports screen with that export's Extend or Revoke open. */
  request: (action: ExportAction) => void;
  done: () => void;
};

export const ExportActionsContext = createContext<ExportActions>({ pending: null, request: () => undefined, done: () => undefined });

export const useExportActions = () => useContext(ExportActionsContext);

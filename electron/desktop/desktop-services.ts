import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { runCommandLine } from '../../shared/run-command';
import type { AuditLog } from '../audit/audit-log';
import { revealSecret } from '../secrets/reveal';
import type { CatalogService } from '../catalog/catalog-service';
import type { ExportService } from '../exports/service';
import type { Handlers } from '../ipc-dispatch';
import { assertProfileSize } from '../config/profile-store';
import { CLIPBOARD_CLEAR_MS, createClipboardGuard } from './clipboard-guard';
import type { DesktopHooks } from './desktop-hooks';

type DesktopChannels = 'app:capabilities' | 'dialog:saveExportPath' | 'dialog:openProfile' | 'exports:showInFolder' | 'secrets:copy' | 'clipboard:copyRunCommand';

export interface DesktopServices {
  handlers: Pick<Handlers, DesktopChannels>;
  /** Clears a copied secret still on the clipboard (called when the services close). */
  close(): Promise<void>;
}

/**
 * The channels that need the desktop around the window. Without `desktop` (CLI, agent, browser bridge) they
 * answer that the window must do without, and `app:capabilities` says so up front, so the window never
 * offers a button that cannot work.
 */
export function createDesktopServices(deps: {
  desktop: DesktopHooks | undefined;
  catalog: CatalogService;
  audit: AuditLog;
  exports: ExportService;
}): DesktopServices {
  const { desktop } = deps;
  const guard = desktop ? createClipboardGuard(desktop.clipboard) : null;
  const need = <T>(what: string, value: T | null | undefined): T => {
    if (value === null || value === undefined) {
      throw new AppError('BAD_REQUEST', `This window cannot ${what}: that needs the Latchkey desktop app.`, 'Open Latchkey from the desktop app.');
    }
    return value;
  };
  return {
    handlers: {
      'app:capabilities': () => ({ saveDialog: desktop !== undefined, showInFolder: desktop !== undefined, clipboard: guard !== null, openDialog: desktop !== undefined }),
      'dialog:saveExportPath': async (input) => ({
        path: await need('open a save dialog', desktop).chooseSavePath({ title: `Export ${input.ref}`, defaultName: input.defaultName }),
      }),
      // The person picks the file in the system dialog; main reads it (size first) and the window imports the
      // text with `profile:import`, so a refused change can be confirmed without asking for the file again.
      'dialog:openProfile': async () => {
        const chosen = await need('open a file dialog', desktop).chooseOpenPath({ title: 'Import the team profile', extensions: ['json'] });
        return { file: chosen === null ? null : await readProfileFile(chosen) };
      },
      // The path comes from the ledger: the window names an export, never a file to reveal.
      'exports:showInFolder': async (input) => {
        const show = need('open the file manager', desktop);
        show.showItemInFolder((await deps.exports.find(input.id)).path);
        return { shown: true as const };
      },
      'secrets:copy': async (input) => {
        const clipboard = need('copy through Latchkey', guard);
        const { value } = await revealSecret(deps, input.ref, input.key, 'secret.copy');
        await clipboard.copy(value);
        return { ref: input.ref, key: input.key, clearAfterSeconds: CLIPBOARD_CLEAR_MS / 1000 };
      },
      'clipboard:copyRunCommand': async (input) => {
        const text = runCommandLine(input.ref, input.command);
        await need('copy through Latchkey', desktop).clipboard.writeText(text);
        return { text };
      },
    },
    close: async () => guard?.flush(),
  };
}

/** A chosen team profile file: refused before reading when larger than any profile may be. */
async function readProfileFile(file: string): Promise<{ name: string; text: string }> {
  const name = path.basename(file);
  assertProfileSize((await fs.stat(file)).size, name);
  return { name, text: await fs.readFile(file, 'utf8') };
}

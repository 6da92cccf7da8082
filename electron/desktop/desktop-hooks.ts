/**
 * What the Electron main process lends the services: the desktop around the window (system dialogs, the
 * file manager, the clipboard). Built from Electron in window.ts and handed to createServices by main.ts;
 * the CLI, the agent and the browser-test bridge have none of it, and `app:capabilities` tells the window so.
 */
export interface DesktopHooks {
  /** The system save dialog, parented to our window; the chosen path, or null when the user cancelled. */
  chooseSavePath(options: { title: string; defaultName: string }): Promise<string | null>;
  /** The system open dialog for one file of the given extensions, parented to our window; null when cancelled. */
  chooseOpenPath(options: { title: string; extensions: string[] }): Promise<string | null>;
  /** Opens the file manager with this file selected. */
  showItemInFolder(path: string): void;
  clipboard: ClipboardAccess;
}

/** The three calls of Electron's `clipboard` module we use (reads and writes are async since Electron 45). */
export interface ClipboardAccess {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

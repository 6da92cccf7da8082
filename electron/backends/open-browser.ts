import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { AppError } from '../../shared/errors';

type Spawn = (command: string, args: string[], options: SpawnOptions) => ReturnType<typeof nodeSpawn>;

/** The command that hands a URL to the desktop's default browser on each platform. */
export function browserCommand(url: string, platform: NodeJS.Platform): { command: string; args: string[]; options: SpawnOptions } {
  const base: SpawnOptions = { detached: true, stdio: 'ignore' };
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [url], options: base };
    case 'win32':
      // `start` is a cmd built-in; the empty "" is its window title. The URL is quoted so cmd does not
      // treat `&` in the query as a command separator; `URL.href` percent-encodes any `"`, so the quoting holds.
      return {
        command: 'cmd.exe',
        args: ['/d', '/s', '/c', `start "" "${url}"`],
        options: { ...base, windowsVerbatimArguments: true, windowsHide: true },
      };
    default:
      return { command: 'xdg-open', args: [url], options: base };
  }
}

/**
 * Opens `url` in the system browser (never an in-app window: the identity provider's page must run where
 * the user's password manager and SSO session live). Resolves once the opener has started; it does not
 * wait for the browser. Only http(s) URLs are opened, so a hostile server cannot make us launch a file.
 */
export async function openSystemBrowser(
  url: string,
  deps: { platform?: NodeJS.Platform; spawn?: Spawn } = {},
): Promise<void> {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new AppError('BAD_REQUEST', 'The sign-in page address is not an http(s) URL, so Latchkey did not open it.');
  }
  const { command, args, options } = browserCommand(parsed.href, deps.platform ?? process.platform);
  const spawn = deps.spawn ?? nodeSpawn;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, options);
    child.once('error', (error) =>
      reject(
        new AppError('INTERNAL', `Latchkey could not open your browser (${command} failed to start).`,
          'Install a default browser (on Linux: xdg-utils), then sign in again.', { cause: error }),
      ),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { AppError } from '../../shared/errors';

type Spawn = (command: string, args: string[], options: SpawnOptions) => ReturnType<typeof nodeSpawn>;

/**
 * The program and argv that hand a URL to the desktop's default browser on each platform. Never a shell:
 * the URL comes from the server, and `cmd` would expand `%VAR%` in it and treat `&`, `^` and `|` as syntax.
 * On Windows `rundll32 url.dll,FileProtocolHandler <url>` is the shell-free way Explorer itself opens links.
 */
export function browserCommand(url: string, platform: NodeJS.Platform): { command: string; args: string[]; options: SpawnOptions } {
  const options: SpawnOptions = { detached: true, stdio: 'ignore', shell: false };
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [url], options };
    case 'win32':
      return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url], options: { ...options, windowsHide: true } };
    default:
      return { command: 'xdg-open', args: [url], options };
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

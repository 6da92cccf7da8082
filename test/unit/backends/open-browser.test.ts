import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { browserCommand, openSystemBrowser } from '../../../electron/backends/open-browser';

const authUrl = 'https://idp.example.test/auth?client_id=fake&state=st_fake&redirect_uri=http%3A%2F%2Flocalhost%3A8250';

/** A spawn stand-in that records the call and then emits `event` like a real child process would. */
function fakeSpawn(event: 'spawn' | 'error') {
  const calls: Array<{ command: string; args: string[] }> = [];
  const spawn = (command: string, args: string[]) => {
    calls.push({ command, args });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    queueMicrotask(() => (event === 'spawn' ? child.emit('spawn') : child.emit('error', new Error('ENOENT'))));
    return child as never;
  };
  return { spawn, calls };
}

describe('openSystemBrowser', () => {
  it('uses xdg-open on Linux, open on macOS and rundll32 on Windows, the URL as one argument', () => {
    expect(browserCommand(authUrl, 'linux')).toMatchObject({ command: 'xdg-open', args: [authUrl] });
    expect(browserCommand(authUrl, 'darwin')).toMatchObject({ command: 'open', args: [authUrl] });
    expect(browserCommand(authUrl, 'win32')).toMatchObject({ command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', authUrl] });
  });

  it.each(['linux', 'darwin', 'win32'] as const)('never passes the URL through a shell on %s', (platform) => {
    // A hostile server's URL: cmd would expand %USERNAME% and run what follows & or |.
    const hostile = 'https://idp.example.test/auth?u=%USERNAME%&x=1|calc^&y="z"';
    const { command, args, options } = browserCommand(hostile, platform);
    expect(command).not.toMatch(/^(cmd|cmd\.exe|sh|bash|powershell|pwsh|explorer)$/i);
    expect(options.shell ?? false).toBe(false);
    expect(options.windowsVerbatimArguments ?? false).toBe(false);
    expect(args.at(-1)).toBe(hostile);
    expect(args.filter((a) => a.includes('USERNAME'))).toHaveLength(1);
  });

  it('resolves once the opener has started', async () => {
    const { spawn, calls } = fakeSpawn('spawn');
    await openSystemBrowser(authUrl, { platform: 'linux', spawn });
    expect(calls).toEqual([{ command: 'xdg-open', args: [authUrl] }]);
  });

  it('refuses anything but an http(s) URL without starting a process', async () => {
    const { spawn, calls } = fakeSpawn('spawn');
    await expect(openSystemBrowser('file:///etc/passwd', { spawn })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(openSystemBrowser('not a url', { spawn })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(calls).toEqual([]);
  });

  it('explains a missing opener instead of failing silently', async () => {
    const { spawn } = fakeSpawn('error');
    await expect(openSystemBrowser(authUrl, { platform: 'linux', spawn })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('xdg-open'),
    });
  });
});

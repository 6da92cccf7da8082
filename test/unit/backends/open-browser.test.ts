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
  it('uses xdg-open on Linux, open on macOS and a quoted cmd start on Windows', () => {
    expect(browserCommand(authUrl, 'linux')).toMatchObject({ command: 'xdg-open', args: [authUrl] });
    expect(browserCommand(authUrl, 'darwin')).toMatchObject({ command: 'open', args: [authUrl] });
    const win = browserCommand(authUrl, 'win32');
    expect(win.command).toBe('cmd.exe');
    // Unquoted, cmd would cut the URL at the first `&`.
    expect(win.args.at(-1)).toBe(`start "" "${authUrl}"`);
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

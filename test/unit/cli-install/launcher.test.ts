import { describe, expect, it } from 'vitest';
import { LAUNCHER_MARKER, launcherPath, launcherText, onPath, pathHint, shellQuote } from '../../../electron/cli-install/launcher';
import { appCliRuntime, cliModeArguments } from '../../../electron/cli-mode';

const app = { command: '/Applications/Latchkey.app/Contents/MacOS/Latchkey', args: ['--cli'] };

describe('the launcher Settings installs, per platform', () => {
  it('Linux and macOS: ~/.local/bin/latchkey, a sh script that execs the app in CLI mode with every argument', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(launcherPath({ platform, home: '/home/ada', env: {} })).toBe('/home/ada/.local/bin/latchkey');
    }
    expect(launcherText('darwin', app)).toBe(
      [
        '#!/bin/sh',
        `# ${LAUNCHER_MARKER}`,
        '# Runs the CLI that ships with the app; install it again from Settings after moving the app.',
        `exec '/Applications/Latchkey.app/Contents/MacOS/Latchkey' '--cli' "$@"`,
        '',
      ].join('\n'),
    );
  });

  it('quotes a path with spaces, quotes and dollars so sh takes it literally', () => {
    expect(shellQuote(`/opt/it's $HOME/app`)).toBe(`'/opt/it'\\''s $HOME/app'`);
    expect(launcherText('linux', { command: `/opt/my app/it's/latchkey`, args: ['--cli'] })).toContain(`exec '/opt/my app/it'\\''s/latchkey' '--cli' "$@"`);
  });

  it('Windows: latchkey.cmd under %LOCALAPPDATA%, CRLF, passing %*; refuses a path cmd.exe cannot quote', () => {
    const place = { platform: 'win32' as const, home: 'C:\\Users\\Ada', env: { LOCALAPPDATA: 'C:\\Users\\Ada\\AppData\\Local' } };
    expect(launcherPath(place)).toBe('C:\\Users\\Ada\\AppData\\Local\\Programs\\Latchkey\\bin\\latchkey.cmd');
    expect(launcherPath({ ...place, env: {} })).toBe('C:\\Users\\Ada\\AppData\\Local\\Programs\\Latchkey\\bin\\latchkey.cmd');
    const exe = { command: 'C:\\Users\\Ada\\AppData\\Local\\Programs\\Latchkey\\Latchkey.exe', args: ['--cli'] };
    expect(launcherText('win32', exe)).toBe(`@echo off\r\nrem ${LAUNCHER_MARKER}\r\n"${exe.command}" "--cli" %*\r\n`);
    expect(() => launcherText('win32', { command: 'C:\\100%\\Latchkey.exe', args: ['--cli'] })).toThrow(/cannot quote/);
    expect(() => launcherText('win32', { command: 'C:\\a"b\\Latchkey.exe', args: ['--cli'] })).toThrow(/cannot quote/);
  });

  it('knows when the folder is on PATH (Windows: ; and any case) and says how to add it otherwise', () => {
    expect(onPath('/home/ada/.local/bin', { platform: 'linux', home: '/home/ada', env: { PATH: '/usr/bin:/home/ada/.local/bin/' } })).toBe(true);
    expect(onPath('/home/ada/.local/bin', { platform: 'linux', home: '/home/ada', env: { PATH: '/usr/bin:~/.local/bin' } })).toBe(true);
    expect(onPath('/home/ada/.local/bin', { platform: 'linux', home: '/home/ada', env: { PATH: '/usr/bin:/bin' } })).toBe(false);
    expect(onPath('C:\\Users\\Ada\\bin', { platform: 'win32', home: 'C:\\Users\\Ada', env: { Path: 'C:\\Windows;c:\\users\\ada\\BIN' } })).toBe(true);
    expect(pathHint('/home/ada/.local/bin', 'linux')).toContain('~/.profile');
    expect(pathHint('/Users/ada/.local/bin', 'darwin')).toContain('~/.zprofile');
    expect(pathHint('C:\\Users\\Ada\\bin', 'win32')).toContain('Environment Variables');
  });
});

describe('the app in CLI mode', () => {
  it('takes --cli right after the executable (packaged) or after the app folder (from source), nowhere else', () => {
    expect(cliModeArguments(['/opt/Latchkey/latchkey', '--cli', 'envs', '--json'], true)).toEqual(['envs', '--json']);
    expect(cliModeArguments(['/x/electron', '/src/latchkey', '--cli', 'envs'], false)).toEqual(['envs']);
    expect(cliModeArguments(['/opt/Latchkey/latchkey'], true)).toBeNull();
    // A --cli later on the command line is an argument of something else, not CLI mode.
    expect(cliModeArguments(['/opt/Latchkey/latchkey', '--inspect', '--cli'], true)).toBeNull();
    expect(appCliRuntime('/opt/Latchkey/latchkey', '/opt/Latchkey/resources/app.asar', true)).toEqual({ command: '/opt/Latchkey/latchkey', args: ['--cli'] });
    expect(appCliRuntime('/x/electron', '/src/latchkey', false)).toEqual({ command: '/x/electron', args: ['/src/latchkey', '--cli'] });
  });
});

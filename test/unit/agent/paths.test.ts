import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentPaths } from '../../../electron/agent/paths';

describe('where the agent lives', () => {
  it('puts the socket in $XDG_RUNTIME_DIR/latchkey, named for the data dir; token, state and log in the data dir', () => {
    const paths = agentPaths('/home/dana/.config/latchkey', { XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux');
    expect(paths.socketDir).toBe('/run/user/1000/latchkey');
    expect(paths.socket).toMatch(/^\/run\/user\/1000\/latchkey\/[0-9a-f]{16}\.sock$/);
    expect(paths.token).toBe('/home/dana/.config/latchkey/agent.token');
    expect(paths.log).toBe('/home/dana/.config/latchkey/agent.log');
    expect(paths.state).toBe('/home/dana/.config/latchkey/agent.json');
  });

  it('gives two data dirs two agents', () => {
    const env = { XDG_RUNTIME_DIR: '/run/user/1000' };
    expect(agentPaths('/tmp/a', env, 'linux').socket).not.toBe(agentPaths('/tmp/b', env, 'linux').socket);
  });

  it('uses the data dir (0700 already) without XDG_RUNTIME_DIR', () => {
    const paths = agentPaths('/home/dana/.config/latchkey', {}, 'darwin');
    expect(paths).toMatchObject({ socketDir: '/home/dana/.config/latchkey', socket: '/home/dana/.config/latchkey/agent.sock' });
  });

  it('falls back to a per-user directory under the temp dir when the path would not fit in a socket address', () => {
    const deep = `/home/dana/${'very-long-folder-name/'.repeat(6)}latchkey`;
    const paths = agentPaths(deep, {}, 'linux');
    expect(paths.socket.length).toBeLessThanOrEqual(100);
    expect(path.dirname(paths.socket)).toMatch(/latchkey-\w+$/);
    expect(paths.token).toBe(path.join(deep, 'agent.token'));
  });

  it('is a named pipe on Windows, named for the user and the data dir', () => {
    const paths = agentPaths('C:\\Users\\dana\\AppData\\Roaming\\Latchkey', { USERNAME: 'dana' }, 'win32');
    expect(paths.socketDir).toBeNull();
    expect(paths.socket).toMatch(/^\\\\\.\\pipe\\latchkey-[A-Za-z0-9._-]+-[0-9a-f]{16}$/);
    expect(agentPaths('C:\\other', { USERNAME: 'dana' }, 'win32').socket).not.toBe(paths.socket);
  });
});

import { describe, expect, it } from 'vitest';
import { electronUnavailable } from '../../../scripts/demo/electron-launch';
import { bridgeScript } from '../../../scripts/demo/bridge-script';
import { DEMO_CSP } from '../../../scripts/demo/demo-server';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security/csp';
import { BRIDGE_KEYS } from '../../support/bridge-surface';

describe('npm run demo: the app or the browser', () => {
  it('opens the desktop app only with a binary and a display; says why not otherwise', () => {
    expect(electronUnavailable('/x/electron', 'linux', { DISPLAY: ':0' })).toBeNull();
    expect(electronUnavailable('/x/electron', 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(electronUnavailable('/x/electron', 'darwin', {})).toBeNull();
    expect(electronUnavailable(null, 'linux', { DISPLAY: ':0' })).toMatch(/^no Electron binary/);
    expect(electronUnavailable('/x/electron', 'linux', {})).toMatch(/^no display/);
    expect(electronUnavailable('/x/electron', 'darwin', { LATCHKEY_DEMO_BROWSER: '1' })).toMatch(/asks for the browser/);
  });

  it('the page gets the same surface as the preload, and a policy that differs only in connect-src', () => {
    const script = bridgeScript();
    for (const key of BRIDGE_KEYS) if (key !== 'on') expect(script).toContain(`"${key}"`);
    expect(script).not.toMatch(/\binvoke\b/);
    expect(DEMO_CSP).toBe(CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'"));
    expect(DEMO_CSP).not.toBe(CONTENT_SECURITY_POLICY);
  });
});

import { describe, expect, it } from 'vitest';
import { createAppUrlPolicy } from '../../../../electron/security/app-urls';

const index = '/opt/latchkey-test-app/dist/renderer/index.html';

describe('app URL policy for the built renderer', () => {
  const policy = createAppUrlPolicy({ rendererIndex: index });

  it('loads the built index.html', () => {
    expect(policy.entryUrl).toBe('file:///opt/latchkey-test-app/dist/renderer/index.html');
  });

  it('treats only our index.html as our document', () => {
    expect(policy.isAppDocument('file:///opt/latchkey-test-app/dist/renderer/index.html#/exports')).toBe(true);
    expect(policy.isAppDocument('file:///opt/latchkey-test-app/dist/renderer/other.html')).toBe(false);
    expect(policy.isAppDocument('file://evil-host/opt/latchkey-test-app/dist/renderer/index.html')).toBe(false);
    expect(policy.isAppDocument('https://evil.example/index.html')).toBe(false);
    expect(policy.isAppDocument('not a url')).toBe(false);
  });

  it('allows requests for files inside the renderer build only', () => {
    expect(policy.isAllowedRequest('file:///opt/latchkey-test-app/dist/renderer/assets/index-abc.js')).toBe(true);
    expect(policy.isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(policy.isAllowedRequest('file:///opt/latchkey-test-app/dist/renderer/../../package.json')).toBe(false);
    expect(policy.isAllowedRequest('file:///opt/latchkey-test-app/dist/renderer/%2e%2e/secret')).toBe(false);
    expect(policy.isAllowedRequest('file:///opt/latchkey-test-app/dist/renderer%2fx')).toBe(false);
    expect(policy.isAllowedRequest('file:///opt/latchkey-test-app/dist/renderer-evil/x.js')).toBe(false);
    expect(policy.isAllowedRequest('https://vault.example:8200/v1/secret')).toBe(false);
  });
});

describe('app URL policy in development', () => {
  const policy = createAppUrlPolicy({ rendererIndex: index, devServerUrl: 'http://localhost:5173/' });

  it('uses the dev server and its origin only', () => {
    expect(policy.entryUrl).toBe('http://localhost:5173/');
    expect(policy.isAppDocument('http://localhost:5173/#/catalog')).toBe(true);
    expect(policy.isAppDocument('http://localhost:5174/')).toBe(false);
    expect(policy.isAppDocument('http://user:pw@localhost:5173/')).toBe(false);
    expect(policy.isAllowedRequest('ws://localhost:5173/')).toBe(true);
    expect(policy.isAllowedRequest('http://127.0.0.1:8200/v1/sys/health')).toBe(false);
    expect(policy.isAllowedRequest(index)).toBe(false);
  });
});

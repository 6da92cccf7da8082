import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../../../electron/security/csp';

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name ?? '', values.join(' ')]));
}

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('denies everything by default', () => expect(csp.get('default-src')).toBe("'none'"));
  it('runs only our own scripts, never inline or eval', () => expect(csp.get('script-src')).toBe("'self'"));
  it('gives the renderer no network', () => expect(csp.get('connect-src')).toBe("'none'"));
  it('forbids <base>, forms, framing and plugins', () => {
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
  });
  it('never allows unsafe-eval, even in development', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(devContentSecurityPolicy('http://localhost:5173/')).not.toContain('unsafe-eval');
  });
  it('lets the dev build reach only its own dev server', () => {
    const dev = directives(devContentSecurityPolicy('http://localhost:5173/'));
    expect(dev.get('connect-src')).toBe("'self' ws://localhost:5173");
    expect(dev.get('default-src')).toBe("'none'");
  });
});

describe('the <meta> CSP in renderer/index.html', () => {
  it('never relaxes a directive main sends', () => {
    const html = readFileSync(new URL('../../../../renderer/index.html', import.meta.url), 'utf8');
    const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(content, 'index.html must carry a CSP meta tag').toBeDefined();
    const ours = directives(CONTENT_SECURITY_POLICY);
    const meta = directives(content ?? '');
    expect(meta.get('default-src')).toBe("'none'");
    for (const [name, value] of meta) expect(`${name} ${value}`).toBe(`${name} ${ours.get(name)}`);
  });
});

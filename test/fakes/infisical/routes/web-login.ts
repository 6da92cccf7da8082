import { RawReply, type Route } from '../server';

/**
 * A minimal stand-in for the Infisical web app's CLI sign-in (frontend LoginPage + SelectOrgSection.tsx +
 * cli-redirect page), so a test can drive it in real Chromium: `/login?callback_port=<port>` → email and
 * password (`POST /api/v3/auth/login`) → pick an organization (`POST /api/v3/auth/select-organization`
 * `{organizationId, userAgent:"cli"}`) → POST `{"JTWToken", "email", "privateKey": ""}` as JSON to
 * `http://127.0.0.1:<port>/`, exactly as the real page does with axios. If that POST fails, the token is kept
 * base64-encoded for `/cli-redirect` to show, to paste into the CLI.
 * Not the real app: no SRP fallback for legacy accounts and no MFA form (it says so on the page).
 * UNVERIFIED: the real app's CSP; the page must be allowed to reach 127.0.0.1 on any port, as here.
 */
const CSP = "default-src 'self'; script-src 'self'; connect-src 'self' http://127.0.0.1:*; style-src 'unsafe-inline'; frame-ancestors 'none'";

const page = (title: string, body: string) =>
  new RawReply(
    'text/html; charset=utf-8',
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
      `<style>body{font:15px system-ui;margin:3em}button{display:block;margin:.4em 0}</style></head><body>${body}` +
      `<script src="/cli-login.js"></script></body></html>`,
    { 'content-security-policy': CSP, 'cache-control': 'no-store' },
  );

const LOGIN_BODY = `<h1>Log in to Infisical (simulator)</h1>
<form id="login"><label>Email <input name="email" type="email" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Continue with Email</button></form>
<section id="orgs" hidden><h2>Choose your organization</h2><div id="org-list"></div></section>
<p id="error" role="alert"></p>`;

const REDIRECT_BODY = `<h1>Infisical CLI</h1><p id="done">Login successful. You can close this tab and return to your terminal.</p>
<section id="paste" hidden><p>The CLI could not be reached. Paste this token into your terminal:</p><code id="cli-token"></code></section>`;

/** The page script. Plain DOM and fetch; the session storage key stands in for the app's CLI_TERMINAL_TOKEN. */
const SCRIPT = `(() => {
  const $ = (id) => document.getElementById(id);
  const fail = (text) => { $('error').textContent = text; };
  const json = async (res) => { const body = await res.json(); if (!res.ok) throw new Error(typeof body.message === 'string' ? body.message : 'Request failed'); return body; };
  if (location.pathname === '/cli-redirect') {
    const held = JSON.parse(sessionStorage.getItem('CLI_TERMINAL_TOKEN') || 'null');
    if (held && Date.parse(held.expiry) > Date.now()) { $('done').hidden = true; $('paste').hidden = false; $('cli-token').textContent = held.data; }
    return;
  }
  const port = new URLSearchParams(location.search).get('callback_port');
  let loginToken = null;
  let email = null;
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      loginToken = (await json(await fetch('/api/v3/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: form.get('email'), password: form.get('password') }) }))).accessToken;
      const auth = { authorization: 'Bearer ' + loginToken };
      email = (await json(await fetch('/api/v1/user', { headers: auth }))).user.email;
      const { organizations } = await json(await fetch('/api/v1/organization', { headers: auth }));
      $('login').hidden = true;
      $('orgs').hidden = false;
      for (const org of organizations) {
        const button = document.createElement('button');
        button.className = 'org';
        button.dataset.orgId = org.id;
        button.textContent = org.name;
        button.addEventListener('click', () => choose(org.id));
        $('org-list').append(button);
      }
    } catch (error) { fail(error.message); }
  });
  async function choose(organizationId) {
    try {
      const body = { organizationId, ...(port ? { userAgent: 'cli' } : {}) };
      const chosen = await json(await fetch('/api/v3/auth/select-organization', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + loginToken }, body: JSON.stringify(body) }));
      if (chosen.isMfaEnabled) return fail('This organization requires MFA, which the simulator does not implement.');
      if (!port) return fail('Signed in (no CLI is waiting).');
      const payload = { JTWToken: chosen.token, email, privateKey: '' };
      try {
        const res = await fetch('http://127.0.0.1:' + port + '/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        if (!res.ok) throw new Error('HTTP ' + res.status);
      } catch {
        sessionStorage.setItem('CLI_TERMINAL_TOKEN', JSON.stringify({ expiry: new Date(Date.now() + 30000).toISOString(), data: btoa(JSON.stringify(payload)) }));
      }
      location.href = '/cli-redirect';
    } catch (error) { fail(error.message); }
  }
})();`;

export const webLoginRoutes: Route[] = [
  { method: 'GET', path: '/login', auth: 'none', handler: () => page('Log in | Infisical', LOGIN_BODY) },
  { method: 'GET', path: '/cli-redirect', auth: 'none', handler: () => page('Infisical CLI', REDIRECT_BODY) },
  {
    method: 'GET',
    path: '/cli-login.js',
    auth: 'none',
    handler: () => new RawReply('text/javascript; charset=utf-8', SCRIPT, { 'cache-control': 'no-store' }),
  },
];

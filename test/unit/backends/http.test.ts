import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs } from '../../../electron/backends/http-failures';
import { createHttpClient } from '../../../electron/backends/http';
import { createRedactor } from '../../../electron/backends/redact';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Retry-After and backoff', () => {
  it('reads delay-seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000 + 5_000).toUTCString(), 10_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('jitters between half and all of an exponentially growing ceiling, capped at 5 s', () => {
    expect(retryDelayMs(1, 200, () => 0)).toBe(100);
    expect(retryDelayMs(3, 200, () => 1)).toBe(800);
    expect(retryDelayMs(20, 200, () => 1)).toBe(5000);
  });
});

describe('createHttpClient', () => {
  it('sends LIST as the HTTP method and parses the JSON answer', async () => {
    // node:http's parser does not know LIST (Vault's Go server does), so read the request line raw.
    const raw = net.createServer((socket) => socket.once('data', (chunk) => {
      const method = chunk.toString().split(' ')[0];
      const body = JSON.stringify({ method });
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    }));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const client = createHttpClient({ backend: 'b', product: 'Vault', baseUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}` });
    expect((await client.request({ method: 'LIST', path: '/v1/x/' })).body).toEqual({ method: 'LIST' });
    raw.close();
  });

  it('turns a non-JSON answer into BACKEND_UNAVAILABLE without echoing the body', async () => {
    const url = await serve((_req, res) => res.end('<html>fake-secret-body</html>'));
    const client = createHttpClient({ backend: 'b', product: 'Vault', baseUrl: url });
    const error = (await client.request({ method: 'GET', path: '/v1/x' }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(error.message).not.toContain('fake-secret-body');
  });

  it('retries 502 up to maxAttempts and counts each attempt', async () => {
    let hits = 0;
    const url = await serve((_req, res) => ((hits += 1), res.writeHead(502).end('{}')));
    const seen: number[] = [];
    const client = createHttpClient({ backend: 'b', product: 'Vault', baseUrl: url, backoffMs: 1, onRequest: (i) => seen.push(i.attempt) });
    const res = await client.request({ method: 'GET', path: '/' });
    expect(res.status).toBe(502);
    expect(hits).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('does not retry a POST after a dropped connection (it may have been applied)', async () => {
    let hits = 0;
    const url = await serve((req) => ((hits += 1), req.socket.destroy()));
    const client = createHttpClient({ backend: 'b', product: 'Vault', baseUrl: url, backoffMs: 1 });
    await expect(client.request({ method: 'POST', path: '/', body: {} })).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(hits).toBe(1);
  });

  it('names backend and URL for a DNS failure', async () => {
    const client = createHttpClient({ backend: 'acme', product: 'Vault', baseUrl: 'http://no-such-host.invalid:8200', maxAttempts: 1 });
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: 'acme (Vault at http://no-such-host.invalid:8200) could not be found (DNS lookup failed).',
    });
  });
});

describe('redactor', () => {
  it('masks registered secrets and well-known token shapes', () => {
    const r = createRedactor();
    r.register('fake-token-not-real');
    r.register('abc'); // too short to register: would mask ordinary words
    expect(r.redact('x fake-token-not-real y abc')).toBe('x [redacted] y abc');
    expect(r.redact('got hvs.CAESIJyeFmhLYRWVXPJStT3fDP1Zd back')).toBe('got [redacted] back');
    expect(r.redact('Authorization: Bearer fake.jwt.value-123')).toBe('Authorization: [redacted]');
  });
});

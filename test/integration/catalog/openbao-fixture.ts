import net, { type AddressInfo } from 'node:net';
import { rootClient } from '../../support/openbao-root';

export { rootClient };

/**
 * A loopback TCP proxy in front of OpenBao that counts HTTP requests: the envs listing is judged by how
 * many requests it makes, not by how long it takes. TCP, not node:http, because node's HTTP parser
 * rejects Vault's LIST method.
 */
export async function countingProxy(target: string) {
  const upstream = new URL(target);
  const streams: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const index = streams.push('') - 1;
    const backend = net.connect(Number(upstream.port), upstream.hostname);
    client.on('data', (chunk) => void (streams[index] += chunk.toString('latin1')));
    client.pipe(backend).pipe(client);
    sockets.add(backend);
    const end = () => (client.destroy(), backend.destroy());
    client.on('error', end);
    backend.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const requestLine = /(?:^|\r\n)([A-Z]+ \/v1\/\S* HTTP\/1\.[01])\r\n/g;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Request lines seen so far (`GET /v1/kv-1/metadata/?list=true HTTP/1.1`). */
    get counted(): string[] {
      return streams.flatMap((text) => [...text.matchAll(requestLine)].map((m) => m[1]!));
    },
    reset: () => void streams.fill(''),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections from the in-process CLI would otherwise hold the server open.
      for (const socket of sockets) socket.destroy();
    }),
  };
}

/**
 * The shared scenario: on a fresh mount, `payments/dev` (readable by the limited token), `payments/staging`
 * (not readable; the profile names approvers → requestable), `payments/prod` (profile only, nobody to ask →
 * denied) and `search/qa` (only in the backend → discovered, denied).
 */
export async function acmeWorld(openbao: { address: string; token: string }, backendUrl = openbao.address) {
  const root = rootClient(openbao.address, openbao.token);
  const mount = await root.kvMount();
  await root.put(mount, 'payments/dev', { API_KEY: 'fake-api-key-not-real', PORT: '8080' });
  await root.put(mount, 'payments/staging', { API_KEY: 'fake-staging-key-not-real' });
  await root.put(mount, 'search/qa', { INDEX: 'fake-index' });
  const policy = `${mount}-dev-read`;
  await root.policy(policy, `
path "${mount}/data/payments/dev" { capabilities = ["read"] }
path "${mount}/metadata/*" { capabilities = ["list", "read"] }
path "${mount}/metadata/" { capabilities = ["list"] }
`);
  const token = await root.token([policy]);
  const profile = {
    version: 1,
    team: 'acme',
    backends: [{ name: 'acme', kind: 'vault', url: backendUrl, kvMount: mount, auth: { method: 'token' } }],
    environments: [
      { ref: 'acme:payments/dev' },
      { ref: 'acme:payments/staging', grantPolicy: `${mount}-staging-read`, approvers: ['lead@acme.test'], maxTtl: '8h' },
      { ref: 'acme:payments/prod' },
    ],
    roles: [{ name: 'payments-dev', environments: ['acme:payments/dev', 'acme:payments/staging'] }],
  };
  return { root, mount, token, profile };
}

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI in `dir`.
 * Point clients at `caFile` (e.g. SSL_CERT_FILE for Go programs, NODE_EXTRA_CA_CERTS for Node).
 */
export function makeThrowawayCa(dir: string): { key: string; cert: string; caFile: string } {
  const p = (name: string) => join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Latchkey Test CA (throwaway)', '-keyout', p('ca.key'), '-out', p('ca.pem')]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', p('server.key'), '-out', p('server.csr')]);
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', p('server.ext'), '-out', p('server.pem')]);
  return { key: readFileSync(p('server.key'), 'utf8'), cert: readFileSync(p('server.pem'), 'utf8'), caFile: p('ca.pem') };
}

import net, { type AddressInfo } from 'node:net';

/**
 * A loopback listener that keeps every byte it receives (request lines, every header, bodies) and answers
 * each request `200 {}`. Raw TCP, not node:http: node's parser rejects Vault's LIST method before a
 * handler could log its headers, and a logger that misses requests would let a leaked token go unseen.
 */
export async function startHeaderLogger() {
  let received = '';
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      received += text;
      pending += text;
      // Answer each complete request (headers + Content-Length body); keep-alive clients send more.
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.slice(end + 4 + length);
        requests++;
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Everything every client sent, as text. */
    get received(): string {
      return received;
    },
    get requests(): number {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * An HTTP proxy on 127.0.0.1 that passes a request on only once its whole body has arrived, as a
 * real server does: a client killed -9 halfway through an upload leaves a request that never
 * happened, not a half-read body. The fakes read bodies without guarding against that (their
 * handlers reject, unhandled, when the client vanishes mid-request), so crash tests put this in
 * front of them. Answers, status and headers (X-RateLimit-*, Retry-After) come back unchanged.
 * WebSocket upgrades are not proxied: Discord's gateway URL comes from the fake itself.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface WholeRequestProxy {
  /** Origin of the proxy, e.g. http://127.0.0.1:41234 (append the target's own path). */
  readonly origin: string;
  /** Requests whose client went away before the body was complete: dropped, never forwarded. */
  readonly dropped: number;
  close(): Promise<void>;
}

export async function startWholeRequestProxy(target: string): Promise<WholeRequestProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let dropped = 0;

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const headers = { ...req.headers, host: to.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"message":"proxy: target unreachable"}');
    });
    out.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let complete = false;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      complete = true;
      forward(req, res, Buffer.concat(chunks));
    });
    req.on('error', () => undefined); // 'aborted': the close below drops it
    req.on('close', () => {
      if (!complete) dropped++;
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

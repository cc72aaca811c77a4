/** A local HTTP server on 127.0.0.1 that keeps every request body it receives (a webhook receiver for tests). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running sink. */
export interface HttpSink {
  url: string;
  received: { headers: http.IncomingHttpHeaders; body: string }[];
  /** Resolves when `n` requests have arrived. */
  waitFor: (n: number) => Promise<void>;
  close: () => Promise<void>;
}

/** Starts a sink answering `status` (default 204). */
export async function startHttpSink(status = 204): Promise<HttpSink> {
  const received: HttpSink['received'] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end();
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    waitFor: (n) =>
      received.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => {
            waiters.push({ n, resolve });
          }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

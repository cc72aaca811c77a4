/**
 * The browser harness: serves the built renderer and the same API (the same services) to a plain
 * browser on 127.0.0.1. Calls are POST /api/call/<method> with the token in a header; events are a
 * Server-Sent Events stream (EventSource cannot send headers, so its token rides in the query).
 * Run it with `npm run harness`; it prints the URL to open.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ApiEventName, ApiEvents } from '../shared/api.ts';
import { dispatchCall } from './api-dispatch.ts';
import { SECURITY_HEADERS } from './content-security-policy.ts';
import { contentTypeFor, resolveRendererFile } from './static-files.ts';
import { type ApiService, type ApiServiceOptions, createApiService } from './services/api.ts';
import { resolveCatalogPath } from './services/catalog/catalog-path.ts';
import { MemorySecretStore } from './services/api/secret-store.ts';
import { FolderPrinter } from './services/labels/pdf-printer.ts';

/** What the harness needs: the API service to expose and the built renderer to serve. */
export interface HarnessOptions {
  service: ApiService;
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** A running harness. */
export interface Harness {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** Starts the harness on 127.0.0.1. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = randomBytes(24).toString('base64url');
  const sse = new Set<ServerResponse>();
  let origin = '';
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.end();
    });
  });

  const unsubscribe = options.service.subscribe(<E extends ApiEventName>(event: E, payload: ApiEvents[E]) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sse) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of sse) res.write(': keepalive\n\n');
  }, 15_000);
  heartbeat.unref();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site could resolve its own name to 127.0.0.1 (DNS rebinding): only our Host.
    const host = req.headers.host ?? '';
    if (host !== new URL(origin).host && host !== new URL(origin).host.replace('127.0.0.1', 'localhost')) {
      send(res, 421, 'text/plain', 'wrong Host header');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (!tokenMatches(url.searchParams.get('token'))) {
        send(res, 401, 'text/plain', 'bad token');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'text/plain', 'POST only');
        return;
      }
      if (!tokenMatches(header(req, 'x-sysbtape-token'))) {
        send(res, 401, 'text/plain', 'bad token');
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, 'text/plain', 'JSON only');
        return;
      }
      const body = await readBody(req);
      let request: unknown;
      try {
        request = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        send(
          res,
          200,
          'application/json',
          JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: 'request body is not JSON' } }),
        );
        return;
      }
      const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      const result = await dispatchCall(options.service.handlers, method, request);
      send(res, 200, 'application/json', JSON.stringify(result));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'method not allowed');
      return;
    }
    const file = resolveRendererFile(options.rendererDir, url.pathname);
    if (!file || !(await isFile(file))) {
      send(res, 404, 'text/plain', 'not found');
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': contentTypeFor(file) });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  }

  function tokenMatches(given: string | null | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('harness: no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const res of sse) res.end();
      sse.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Service options for the command line: `--data-dir DIR` keeps everything (catalog, servers, staging)
 * in DIR, for demos and tests; without it the harness uses the same files as the CLI. A browser cannot
 * reach a printer from here: Print label / Print card put the PDF into `--print-dir` (default: `printed`
 * beside the catalog), byte for byte what Electron would send to the printer.
 */
export function harnessServiceOptions(dataDir: string | undefined, printDir?: string): ApiServiceOptions {
  const catalogPath = dataDir ? path.join(dataDir, 'catalog.db') : resolveCatalogPath(undefined);
  return {
    printer: new FolderPrinter(printDir ?? path.join(path.dirname(catalogPath), 'printed')),
    catalogPath,
    stagingDir: path.join(path.dirname(catalogPath), 'staging'),
    ...(dataDir
      ? { knownHostsPath: null, notifyConfigPath: path.join(dataDir, 'notify.json'), settingsPath: path.join(dataDir, 'settings.json') }
      : {}),
    transport: 'harness',
    secrets: new MemorySecretStore(),
  };
}

async function runFromCommandLine(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const rendererDir = path.join(root, 'renderer', 'dist');
  if (!(await isFile(path.join(rendererDir, 'index.html')))) {
    process.stderr.write('harness: renderer/dist is missing; run `npm run build:renderer` first (npm run harness does it)\n');
    process.exit(2);
  }
  const service = await createApiService(harnessServiceOptions(arg('--data-dir'), arg('--print-dir')));
  const harness = await startHarness({ service, rendererDir, port: Number(arg('--port') ?? 0) });
  process.stdout.write(`SysbTape harness (loopback only; the token is the password): ${harness.url}\n`);
  const stop = (): void => {
    void harness
      .close()
      .then(() => service.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runFromCommandLine(process.argv.slice(2));
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../electron/harness.ts';
import { type ApiService, createApiService } from '../../../electron/services/api.ts';
import { MemorySecretStore } from '../../../electron/services/api/secret-store.ts';

let dir = '';
let service: ApiService;
let harness: Harness;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-harness-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  service = await createApiService({
    catalogPath: path.join(dir, 'catalog.db'),
    stagingDir: path.join(dir, 'staging'),
    knownHostsPath: null,
    transport: 'harness',
    secrets: new MemorySecretStore(),
  });
  harness = await startHarness({ service, rendererDir });
});

afterAll(async () => {
  await harness.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP request, so the Host header and odd paths go out exactly as written. */
function raw(
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const { port } = new URL(harness.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), method, path: urlPath, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = (): string => new URL(harness.origin).host;
const call = (method: string, body: unknown, token = harness.token) =>
  raw('POST', `/api/call/${method}`, { host: host(), 'content-type': 'application/json', 'x-sysbtape-token': token }, JSON.stringify(body));

describe('browser harness', () => {
  it('listens on loopback and prints a URL that carries the token', () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer with the CSP and nothing outside it', async () => {
    const index = await raw('GET', '/', { host: host() });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw('GET', '/assets/app.js', { host: host() })).headers['content-type']).toMatch(/javascript/);
    expect((await raw('GET', '/../secret.txt', { host: host() })).status).toBe(404);
    expect((await raw('GET', '/%2e%2e/secret.txt', { host: host() })).status).toBe(404);
  });

  it('refuses calls without the right token, a foreign Host or a non-JSON body', async () => {
    expect((await call('getAppInfo', {}, 'wrong')).status).toBe(401);
    expect((await raw('POST', '/api/call/getAppInfo', { host: host(), 'content-type': 'application/json' }, '{}')).status).toBe(401);
    expect((await raw('GET', '/', { host: 'evil.example:80' })).status).toBe(421);
    expect(
      (await raw('POST', '/api/call/getAppInfo', { host: host(), 'content-type': 'text/plain', 'x-sysbtape-token': harness.token }, '{}'))
        .status,
    ).toBe(415);
    expect((await raw('GET', `/api/events?token=wrong`, { host: host() })).status).toBe(401);
  });

  it('runs calls through the real services and returns ApiResults', async () => {
    const info = JSON.parse((await call('getAppInfo', {})).text);
    expect(info).toMatchObject({ ok: true, value: { transport: 'harness', catalogPath: path.join(dir, 'catalog.db') } });
    const bad = JSON.parse((await call('getCartridge', { volser: 'abc' })).text);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const missing = JSON.parse((await call('getCartridge', { volser: 'ZZZ999' })).text);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const list = JSON.parse((await call('listCartridges', { query: '', status: 'any', location: '', retention: 'any' })).text);
    expect(list).toEqual({ ok: true, value: [] });
  });
});

/** Each way a connection can fail gets its own error code and a message naming the cause. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeServerConfig } from '../../../electron/services/ssh/server-config.ts';
import { connectSsh } from '../../../electron/services/ssh/ssh-connection.ts';

let silent: Server;
let silentPort = 0;
let closedPort = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  // accepts TCP but never speaks SSH: the handshake must time out
  silent = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  silentPort = (silent.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

const server = (host: string, port: number) =>
  normalizeServerConfig({ name: 'x', host, port, user: 'root', connectTimeoutSeconds: 2, keepaliveSeconds: 0 });

describe('connection errors', () => {
  it('name not found', async () => {
    await expect(connectSsh(server('no-such-host.invalid', 22), { knownHostsPath: null })).rejects.toMatchObject({
      code: 'SSH_NAME_NOT_FOUND',
      message: expect.stringMatching(/'no-such-host\.invalid' was not found/),
    });
  });
  it('connection refused', async () => {
    await expect(connectSsh(server('127.0.0.1', closedPort), { knownHostsPath: null })).rejects.toMatchObject({
      code: 'SSH_REFUSED',
      message: expect.stringMatching(/refused/),
    });
  });
  it('timeout when nothing answers the handshake', async () => {
    await expect(connectSsh(server('127.0.0.1', silentPort), { knownHostsPath: null })).rejects.toMatchObject({
      code: 'SSH_TIMEOUT',
      message: expect.stringMatching(/no SSH handshake within 2s/),
    });
  });
  it('cancel while connecting', async () => {
    const controller = new AbortController();
    const pending = connectSsh(server('127.0.0.1', silentPort), { knownHostsPath: null, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

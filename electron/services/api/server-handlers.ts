/**
 * Server methods of the contract: list, add, test the connection (host key first), pin a confirmed
 * key, preflight. Servers live in the catalog (through its ServerStore), so the CLI and the app see
 * the same servers, pinned keys and last preflight.
 */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { ConnectionTest, ServerInfo } from '../../../shared/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { CatalogServerStore } from '../catalog/server-store.ts';
import { runPreflight } from '../ssh/preflight.ts';
import { RemoteHost } from '../ssh/remote-host.ts';
import type { AuthMethod } from '../../../shared/domain.ts';
import { normalizeServerConfig, type ServerConfig } from '../ssh/server-config.ts';
import { requireServer } from '../ssh/server-store.ts';
import { connectSsh, probeHostKey, type ConnectOptions } from '../ssh/ssh-connection.ts';
import { checkKeyFile } from '../ssh/key-file.ts';
import type { SecretStore } from './secret-store.ts';
import { deleteServerSecrets, loadServerSecrets, saveServerSecret, secretKindFor } from './server-secrets.ts';

/** What the server handlers need. */
export interface ServerDeps {
  catalog: Catalog;
  secrets: SecretStore;
  /** known_hosts to consult (null: none; undefined: ~/.ssh/known_hosts). */
  knownHostsPath?: string | null;
}

type ServerHandlers = Pick<
  ApiHandlers,
  'listServers' | 'addServer' | 'deleteServer' | 'updateServer' | 'testServer' | 'trustServer' | 'preflightServer'
>;

/** Builds the server handlers. */
export function serverHandlers(deps: ServerDeps): ServerHandlers {
  const store = new CatalogServerStore(deps.catalog);
  const connectOptions = async (server: ServerConfig, extra: ConnectOptions = {}): Promise<ConnectOptions> => {
    return {
      ...extra,
      ...(deps.knownHostsPath === undefined ? {} : { knownHostsPath: deps.knownHostsPath }),
      ...(await loadServerSecrets(deps.secrets, server.name, server.auth)),
    };
  };
  const toInfo = (s: ServerConfig): ServerInfo => {
    const row = deps.catalog.servers.getByName(s.name);
    return {
      name: s.name,
      host: s.host,
      port: s.port,
      user: s.user,
      auth: primaryAuth(s.auth),
      keyPath: s.keyPath ?? null,
      workdir: s.workdir,
      pinnedFingerprint: s.hostKeys[0]?.fingerprint ?? null,
      osLevel: row?.osLevel ?? null,
      lastPreflightAt: row?.lastPreflightAt ?? null,
    };
  };

  return {
    listServers: async () => (await store.list()).map(toInfo),

    deleteServer: async ({ name }) => {
      const server = await store.get(name);
      if (!server) throw new SysbError('NOT_FOUND', `no server named '${name}'`);
      const info = toInfo(server);
      await store.remove(name);
      // Its password or passphrase must not outlive it (nor be handed to a new server of the same name).
      await deleteServerSecrets(deps.secrets, name);
      return info;
    },

    addServer: async (req) => {
      if (await store.get(req.name))
        throw new SysbError('INVALID_INPUT', `a server named '${req.name}' already exists; choose another name`);
      const config = normalizeServerConfig({
        name: req.name,
        host: req.host,
        port: req.port,
        user: req.user,
        auth: [req.auth],
        workdir: req.workdir,
        ...(req.auth === 'key' && req.keyPath ? { keyPath: req.keyPath } : {}),
      });
      // The window names the key file: never trust it. It must be an absolute path to a regular file of at most 64 KiB.
      if (config.keyPath) await checkKeyFile(config.keyPath, { requireAbsolute: true });
      // Store the secret first: if the keyring refuses, nothing half-added remains. For a key it is the
      // passphrase (kept on this machine), for a password login the password: never both from one value.
      const kind = secretKindFor(config.auth);
      if (req.secret !== null && kind !== null) await saveServerSecret(deps.secrets, req.name, kind, req.secret);
      await store.put(config);
      return toInfo(config);
    },

    updateServer: async ({ name, port, user, workdir, forgetHostKeys }) => {
      const server = await requireServer(store, name);
      const updated = normalizeServerConfig({ ...server, port, user, workdir, hostKeys: forgetHostKeys ? [] : server.hostKeys });
      await store.put(updated);
      return toInfo(updated);
    },

    testServer: async ({ name }) => {
      const server = await requireServer(store, name);
      const verdict = await probeHostKey(server, await connectOptions(server));
      switch (verdict.status) {
        case 'unknown':
          return result(
            'unknown',
            verdict.fingerprint,
            null,
            false,
            `${name} offered a host key SysbTape has not seen; confirm its fingerprint`,
          );
        case 'changed':
          return result(
            'changed',
            verdict.fingerprint,
            verdict.expected[0] ?? null,
            false,
            `the host key of ${name} changed; refused before sending any credential`,
          );
        case 'revoked':
          return result('changed', verdict.fingerprint, null, false, `the host key of ${name} is marked revoked in known_hosts; refused`);
        case 'known': {
          const conn = await connectSsh(server, await connectOptions(server));
          conn.close();
          return result(
            'pinned',
            verdict.fingerprint,
            verdict.fingerprint,
            true,
            `logged in as ${server.user} (${conn.authTried.at(-1) ?? 'auth'})`,
          );
        }
      }
    },

    trustServer: async ({ name, fingerprint }) => {
      const server = await requireServer(store, name);
      // Connect again and accept only if the server still offers exactly the key the operator confirmed.
      const verdict = await probeHostKey(server, await connectOptions(server, { acceptFingerprint: fingerprint }));
      if (verdict.status !== 'known' || verdict.fingerprint !== fingerprint) {
        throw new SysbError(
          'SSH_HOST_KEY_CHANGED',
          `${name} now offers ${verdict.fingerprint}, not the confirmed ${fingerprint}; nothing was pinned`,
        );
      }
      const updated: ServerConfig = {
        ...server,
        hostKeys: [
          ...server.hostKeys.filter((k) => k.fingerprint !== fingerprint),
          { fingerprint, keyType: verdict.keyType, pinnedAt: new Date().toISOString() },
        ],
      };
      await store.put(updated);
      return toInfo(updated);
    },

    preflightServer: async ({ name }) => {
      const server = await requireServer(store, name);
      const host = await RemoteHost.connect(server, await connectOptions(server));
      try {
        const report = await runPreflight(host);
        deps.catalog.servers.notePreflight(name, new Date(report.at), report.osLevel ?? undefined);
        return { server: report.server, at: report.at, ok: report.ok, checks: report.checks };
      } finally {
        host.close();
      }
    },
  };
}

function result(
  hostKey: ConnectionTest['hostKey'],
  offered: string,
  pinned: string | null,
  connected: boolean,
  message: string,
): ConnectionTest {
  return { hostKey, offeredFingerprint: offered, pinnedFingerprint: pinned, connected, message };
}

/** The catalog and the UI know one method per server; keyboard-interactive is shown as password. */
function primaryAuth(auth: AuthMethod[]): ServerInfo['auth'] {
  const first = auth[0] ?? 'agent';
  return first === 'keyboard-interactive' ? 'password' : first;
}

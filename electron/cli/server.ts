/** `sysbtape server add|list|remove|trust|check`: the AIX servers images are captured from. */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { isFingerprint } from '../services/ssh/fingerprint.ts';
import type { HostKeyVerdict } from '../services/ssh/host-key-policy.ts';
import { runPreflight } from '../services/ssh/preflight.ts';
import { RemoteHost } from '../services/ssh/remote-host.ts';
import type { AuthMethod } from '../../shared/domain.ts';
import { normalizeServerConfig, type ServerConfig } from '../services/ssh/server-config.ts';
import { requireServer } from '../services/ssh/server-store.ts';
import { cliServerStore } from './cli-server-store.ts';
import { appSecretsFile, deleteSecretEntries } from '../services/api/secret-store.ts';
import { serverSecretKeys } from '../services/api/server-secrets.ts';
import { serverExclude } from './server-exclude.ts';
import { probeHostKey } from '../services/ssh/ssh-connection.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction } from './command-kit.ts';
import { checkKeyFile } from '../services/ssh/key-file.ts';
import { intFlag, PASSPHRASE_STDIN_HELP, PASSWORD_STDIN_HELP, readSshSecrets, type SecretFlags } from './ssh-cli-kit.ts';

interface AddFlags {
  host: string;
  port: string;
  user: string;
  key?: string;
  agent?: boolean;
  passwordStdin?: boolean;
  keyboardInteractive?: boolean;
  workdir?: string;
  keepalive: string;
  connectTimeout: string;
  sudo?: string;
}

function describe(s: ServerConfig): string {
  const pinned = s.hostKeys.length > 0 ? s.hostKeys.map((k) => k.fingerprint).join(',') : '(host key not trusted yet)';
  return `${s.name}\t${s.user}@${s.host}:${s.port}\tauth=${s.auth.join(',')}${s.keyPath ? ` key=${s.keyPath}` : ''}\tworkdir=${s.workdir}\t${pinned}`;
}

function add(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('add <name>')
    .description('Add (or replace) a server. No secret is stored: passwords come from --password-stdin on each run.')
    .requiredOption('--host <host>', 'host name or IP address')
    .option('--port <port>', 'SSH port', '22')
    .requiredOption('--user <user>', 'login name (root, or a user with --sudo)')
    .option('--key <file>', 'private key file, a regular file of at most 64 KiB (its passphrase, if any, from --passphrase-stdin)')
    .option('--agent', 'authenticate with the SSH agent (SSH_AUTH_SOCK)')
    .option('--password-stdin', 'authenticate with a password, read from stdin on each run')
    .option('--keyboard-interactive', 'also try keyboard-interactive with the stdin password')
    .option('--workdir <dir>', 'remote work directory for the images', '/tmp/sysbtape')
    .option('--keepalive <seconds>', 'SSH keepalive interval, 0 = off', '15')
    .option('--connect-timeout <seconds>', 'give up connecting after this long', '20')
    .option('--sudo <prefix>', "non-interactive prefix for a non-root user, e.g. 'sudo -n'")
    .action(
      runAction(io, setExit, async (name: string, f: AddFlags, cmd: Command) => {
        const auth: AuthMethod[] = [];
        if (f.agent) auth.push('agent');
        if (f.key) auth.push('key');
        if (f.passwordStdin) auth.push('password');
        if (f.keyboardInteractive) auth.push('keyboard-interactive');
        if (auth.length === 0) auth.push('agent');
        // Checked now, and again each time it is used: a device or a huge file is never read as a key.
        if (f.key) await checkKeyFile(f.key);
        const store = cliServerStore(cmd);
        const old = await store.get(name);
        const server = normalizeServerConfig({
          name,
          host: f.host,
          port: intFlag('--port', f.port, 1, 65535),
          user: f.user,
          auth,
          ...(f.key ? { keyPath: f.key } : {}),
          workdir: f.workdir ?? '/tmp/sysbtape',
          // the pinned key stays only if the address is the same
          hostKeys: old && old.host === f.host && old.port === Number(f.port) ? old.hostKeys : [],
          keepaliveSeconds: intFlag('--keepalive', f.keepalive, 0, 3600),
          connectTimeoutSeconds: intFlag('--connect-timeout', f.connectTimeout, 1, 600),
          sudo: f.sudo ? f.sudo.trim().split(/\s+/) : [],
        });
        await store.put(server);
        io.out.write(`${old ? 'updated' : 'added'} ${describe(server)}\n`);
        if (server.hostKeys.length === 0) io.out.write(`next: sysbtape server trust ${name}\n`);
        return EXIT_OK;
      }),
    );
}

function verdictText(v: HostKeyVerdict): string {
  return `${v.keyType} ${v.fingerprint}`;
}

function trust(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('trust <name>')
    .description("Show the server's host key fingerprint, and pin it once you confirm it with --accept-fingerprint.")
    .option('--accept-fingerprint <fp>', "the SHA256:… fingerprint you checked on the server's console")
    .option('--replace', 'replace a pinned key that changed (after a reinstall you verified)')
    .option('--json', 'print the verdict as JSON')
    .action(
      runAction(io, setExit, async (name: string, f: { acceptFingerprint?: string; replace?: boolean; json?: boolean }, cmd: Command) => {
        if (f.acceptFingerprint !== undefined && !isFingerprint(f.acceptFingerprint)) {
          throw new SysbError('USAGE', `--accept-fingerprint must look like SHA256:<43 base64 characters>, got '${f.acceptFingerprint}'`);
        }
        const store = cliServerStore(cmd);
        const server = await requireServer(store, name);
        const base = f.replace ? { ...server, hostKeys: [] } : server;
        const verdict = await probeHostKey(
          base,
          f.replace
            ? { knownHostsPath: null, ...(f.acceptFingerprint ? { acceptFingerprint: f.acceptFingerprint } : {}) }
            : f.acceptFingerprint
              ? { acceptFingerprint: f.acceptFingerprint }
              : {},
        );
        if (f.json) printJson(io, verdict);
        switch (verdict.status) {
          case 'known': {
            if (verdict.source !== 'pinned') {
              await store.put({
                ...base,
                hostKeys: [
                  ...base.hostKeys,
                  { fingerprint: verdict.fingerprint, keyType: verdict.keyType, pinnedAt: new Date().toISOString() },
                ],
              });
              if (!f.json)
                io.out.write(
                  `pinned ${verdictText(verdict)} for ${name}${verdict.source === 'known_hosts' ? ' (from ~/.ssh/known_hosts)' : ''}\n`,
                );
            } else if (!f.json) io.out.write(`${name}: host key ${verdictText(verdict)} is already pinned\n`);
            return EXIT_OK;
          }
          case 'unknown':
            if (f.acceptFingerprint) {
              throw new SysbError(
                'SSH_HOST_KEY_UNKNOWN',
                `${name} offered ${verdictText(verdict)}, not ${f.acceptFingerprint}; nothing was pinned. Check the fingerprint on the server's console.`,
              );
            }
            if (!f.json) {
              io.out.write(`${name} offers host key ${verdictText(verdict)}\n`);
              io.out.write(
                `Compare it on the server (ssh-keygen -lf /etc/ssh/ssh_host_${verdict.keyType.replace(/^ssh-|-sha2-nistp\d+$/g, '')}_key.pub), then run:\n`,
              );
              io.out.write(`  sysbtape server trust ${name} --accept-fingerprint ${verdict.fingerprint}\n`);
            }
            return EXIT_PROBLEMS;
          case 'changed':
            throw new SysbError(
              'SSH_HOST_KEY_CHANGED',
              `the host key of ${name} has CHANGED: it offers ${verdictText(verdict)} but ${verdict.expected.join(' or ')} is pinned. ` +
                `If the server was reinstalled and you verified the new key, run: sysbtape server trust ${name} --replace --accept-fingerprint ${verdict.fingerprint}`,
            );
          case 'revoked':
            throw new SysbError('SSH_HOST_KEY_CHANGED', `the host key ${verdict.fingerprint} of ${name} is marked @revoked in known_hosts`);
        }
      }),
    );
}

function check(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check <name>')
    .description('Read-only preflight of the server: AIX, level, root, space, ulimit, tape support, exclude list, old images.')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--passphrase-stdin', PASSPHRASE_STDIN_HELP)
    .option('--json', 'print the report as JSON')
    .action(
      runAction(io, setExit, async (name: string, f: SecretFlags & { json?: boolean }, cmd: Command) => {
        const server = await requireServer(cliServerStore(cmd), name);
        const host = await RemoteHost.connect(server, await readSshSecrets(io, f, server.auth));
        try {
          const report = await runPreflight(host);
          if (f.json) printJson(io, report);
          else {
            for (const c of report.checks) {
              io.out.write(`${c.level.toUpperCase().padEnd(7)} ${c.title}: ${c.detail}\n`);
              if (c.fix && c.level !== 'ok') io.out.write(`        fix: ${c.fix}\n`);
            }
            io.out.write(report.ok ? `${name}: ready for capture\n` : `${name}: NOT ready — fix the errors above\n`);
          }
          return report.ok ? EXIT_OK : EXIT_PROBLEMS;
        } finally {
          host.close();
        }
      }),
    );
}

/** Registers `server …`. */
export const serverCommand: CommandModule = (program, io, setExit) => {
  const server = program.command('server').description('Manage the AIX servers images are captured from.');
  add(server, io, setExit);
  server
    .command('list')
    .description('List the servers.')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (f: { json?: boolean }, cmd: Command) => {
        const servers = await cliServerStore(cmd).list();
        if (f.json) printJson(io, servers);
        else if (servers.length === 0) io.out.write('no servers yet; add one with: sysbtape server add NAME --host H --user U\n');
        else for (const s of servers) io.out.write(`${describe(s)}\n`);
        return EXIT_OK;
      }),
    );
  server
    .command('remove <name>')
    .description('Forget a server (its image sets stay on disk).')
    .action(
      runAction(io, setExit, async (name: string, _f: unknown, cmd: Command) => {
        if (!(await cliServerStore(cmd).remove(name))) throw new SysbError('NOT_FOUND', `no server named '${name}'`);
        // The desktop app may keep this server's password or passphrase: it must not outlive the server.
        // Dropping the encrypted entries needs no keyring, so the CLI does it too.
        const keys = new Set(serverSecretKeys(name));
        const forgotten = await deleteSecretEntries(appSecretsFile(), (k) => keys.has(k));
        io.out.write(`removed ${name}${forgotten.length > 0 ? ' and the secret the desktop app kept for it' : ''}\n`);
        return EXIT_OK;
      }),
    );
  trust(server, io, setExit);
  check(server, io, setExit);
  serverExclude(server, io, setExit);
};

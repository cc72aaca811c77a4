/** RemoteHost: the one object the rest of SysbTape uses to talk to an AIX server over SSH. */
import { SysbError } from '../../../shared/errors.ts';
import { fetchFile, type FetchOptions, type FetchResult } from './fetch-file.ts';
import { runRemote, type RunOptions, type RunResult } from './remote-run.ts';
import type { RemoteTimeouts } from './remote-timeouts.ts';
import type { ServerConfig } from './server-config.ts';
import { connectSsh, serverLabel, type ConnectOptions, type SshConnection } from './ssh-connection.ts';

export type { FetchOptions, FetchResult } from './fetch-file.ts';
export type { RunOptions, RunResult } from './remote-run.ts';

/** A connected server: run commands, fetch files. */
export class RemoteHost {
  readonly connection: SshConnection;
  readonly server: ServerConfig;
  /** How long commands and transfers on this connection may take (see remote-timeouts.ts). */
  readonly timeouts: RemoteTimeouts;
  private closed = false;

  constructor(connection: SshConnection) {
    this.connection = connection;
    this.server = connection.server;
    this.timeouts = connection.timeouts;
    connection.client.on('close', () => {
      this.closed = true;
    });
  }

  /** Connects to a saved server (host key policy and auth as configured). */
  static async connect(server: ServerConfig, opts: ConnectOptions = {}): Promise<RemoteHost> {
    return new RemoteHost(await connectSsh(server, opts));
  }

  /** True once the SSH connection has closed (dropped or ended). */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Runs a shell command (build it with `sh`); output streams live to onOutput. Unless the caller
   * says otherwise (timeoutMs: null and an idle timeout, for a capture step) the command gets the
   * connection's command timeout, after which its remote process group is killed.
   */
  run(command: string, opts: RunOptions = {}): Promise<RunResult> {
    this.assertOpen();
    const timeoutMs = opts.timeoutMs === undefined ? this.timeouts.commandSeconds * 1000 : opts.timeoutMs;
    return runRemote(this.connection.client, command, { ...opts, timeoutMs });
  }

  /** Runs a command and returns its stdout, throwing REMOTE_COMMAND with its stderr on a non-zero exit. */
  async check(command: string, opts: RunOptions = {}): Promise<string> {
    const result = await this.run(command, opts);
    if (result.exitCode !== 0) {
      const why = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' / ');
      throw new SysbError(
        'REMOTE_COMMAND',
        `'${command}' failed on ${this.server.name} (exit ${result.exitCode ?? result.exitSignal ?? 'lost'})${why ? `: ${why}` : ''}`,
      );
    }
    return result.stdout;
  }

  /** Copies a remote file to dest (resume, SHA-256 while receiving). */
  fetch(remotePath: string, dest: string, opts: FetchOptions = {}): Promise<FetchResult> {
    this.assertOpen();
    return fetchFile(this.connection.client, remotePath, dest, { idleTimeoutMs: this.timeouts.transferIdleSeconds * 1000, ...opts });
  }

  /** Ends the connection. */
  close(): void {
    this.closed = true;
    this.connection.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new SysbError('SSH_CONNECT', `the connection to ${serverLabel(this.server)} is closed`);
  }
}

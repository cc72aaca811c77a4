/**
 * Runs one command on the remote shell with live output and real cancellation: the command's
 * shell reports its PID first (sshd makes it a process-group leader), so cancelling kills the
 * whole remote process group through a second channel instead of only closing our end.
 */
import type { Client, ClientChannel } from 'ssh2';
import { SysbError } from '../../../shared/errors.ts';
import { sh } from './shell-quote.ts';
import { BoundedText } from './bounded-text.ts';

/** Which stream a chunk of output came from. */
export type OutputStream = 'stdout' | 'stderr';

/** Options for RemoteHost.run. */
export interface RunOptions {
  /** Live output, decoded as UTF-8 text chunks. */
  onOutput?: (text: string, stream: OutputStream) => void;
  signal?: AbortSignal;
  /** Keep at most this many characters of each stream in the result (head and tail, the cut said). Default 128 Ki. */
  maxKeep?: number;
  /**
   * Total time allowed, in ms; then the remote process group is killed and REMOTE_TIMEOUT thrown.
   * RemoteHost.run fills in the connection's command timeout; null means none (a capture step).
   */
  timeoutMs?: number | null;
  /** Time allowed without any output, in ms (for long steps that keep printing progress). */
  idleTimeoutMs?: number | null;
  /** How the command is named in a timeout message (default: the command itself, shortened). */
  label?: string;
}

/** The end of a remote command. */
export interface RunResult {
  /** Exit status, or null when the command died of a signal or the channel was lost. */
  exitCode: number | null;
  exitSignal?: string;
  stdout: string;
  stderr: string;
}

const PID_MARK = 'SYSBTAPE_PID=';
/** The longest first stderr line that can still be our PID line. */
const PID_LINE_MAX = 64;
/** How long stopping a remote process may take before we hang up on it anyway. */
const KILL_WAIT_MS = 15_000;

/** The command prefixed so that its shell first reports its PID (the process group to kill) on stderr. */
export function withPidReport(command: string): string {
  return `echo ${PID_MARK}$$ >&2; ${command}`;
}

/**
 * Takes the PID line off the front of stderr: feed it stderr text, it returns the text that is the
 * command's own (the PID line removed) and remembers the PID (0 when the first line was not ours).
 */
export class PidLineReader {
  pid: number | undefined;
  #head = '';

  push(text: string): string {
    if (this.pid !== undefined) return text;
    this.#head += text;
    const nl = this.#head.indexOf('\n');
    if (nl < 0) {
      if (this.#head.length <= PID_LINE_MAX) return '';
      this.pid = 0; // a long first line without a newline is not ours
      return this.#take();
    }
    const first = this.#head.slice(0, nl);
    if (first.startsWith(PID_MARK)) {
      const n = Number(first.slice(PID_MARK.length));
      this.pid = Number.isSafeInteger(n) && n > 1 ? n : 0;
      this.#head = this.#head.slice(nl + 1);
    } else {
      this.pid = 0;
    }
    return this.#take();
  }

  #take(): string {
    const rest = this.#head;
    this.#head = '';
    return rest;
  }
}

/** The end of a channel: exit status (or signal) and when it closed. */
export interface ChannelEnd {
  code: number | null;
  signal?: string;
}

/**
 * Opens an exec channel and starts listening for its exit status at once: ssh2 may parse the
 * exit-status packet in the same tick as the open confirmation, before an awaiting caller resumes.
 */
export function execChannel(client: Client, command: string): Promise<{ channel: ClientChannel; ended: Promise<ChannelEnd> }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, channel) => {
      if (err) return reject(new SysbError('REMOTE_COMMAND', `cannot start a remote command: ${err.message}`));
      const ended = new Promise<ChannelEnd>((done) => {
        let exit: ChannelEnd = { code: null };
        channel.on('exit', (code: number | null, signal?: string) => {
          exit = { code: typeof code === 'number' ? code : null, ...(signal ? { signal } : {}) };
        });
        channel.on('close', () => done(exit));
      });
      resolve({ channel, ended });
    });
  });
}

/** Kills a remote process group and its leader (best effort; gives up after KILL_WAIT_MS). */
export async function killRemote(client: Client, pid: number): Promise<void> {
  const cmd = sh`kill -TERM -${pid} 2>/dev/null; kill -TERM ${pid} 2>/dev/null; sleep 1; kill -KILL -${pid} 2>/dev/null; true`;
  let timer: NodeJS.Timeout | undefined;
  try {
    const killed = (async () => {
      const { channel, ended } = await execChannel(client, cmd);
      channel.resume();
      channel.stderr.resume();
      await ended;
    })();
    killed.catch(() => {});
    await Promise.race([
      killed,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, KILL_WAIT_MS);
      }),
    ]);
  } catch {
    // the connection may already be gone; then sshd has hung up on the session anyway
  } finally {
    clearTimeout(timer);
  }
}

/** Why a command was stopped before it ended by itself. */
type StopReason = { kind: 'cancelled' } | { kind: 'timeout' | 'idle'; ms: number };

function shortCommand(command: string): string {
  return command.length > 120 ? `${command.slice(0, 117)}...` : command;
}

/** Runs `command` through the remote login shell; resolves with its exit status and output. */
export async function runRemote(client: Client, command: string, opts: RunOptions = {}): Promise<RunResult> {
  if (opts.signal?.aborted) throw new SysbError('CANCELLED', 'cancelled before the remote command started');
  const stdout = new BoundedText(opts.maxKeep);
  const stderr = new BoundedText(opts.maxKeep);
  const pidReader = new PidLineReader();
  let channel: ClientChannel | undefined;
  let stopped: StopReason | undefined;
  let wake: (() => void) | undefined;
  const stopping = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const stop = (why: StopReason) => {
    if (stopped) return;
    stopped = why;
    clearTimers();
    const target = pidReader.pid;
    void (async () => {
      if (target) await killRemote(client, target);
      channel?.close();
      wake?.();
    })();
  };
  let total: NodeJS.Timeout | undefined;
  let idle: NodeJS.Timeout | undefined;
  const clearTimers = () => {
    clearTimeout(total);
    clearTimeout(idle);
  };
  const idleMs = opts.idleTimeoutMs ?? null;
  const armIdle = () => {
    if (idleMs === null || stopped) return;
    clearTimeout(idle);
    idle = setTimeout(() => stop({ kind: 'idle', ms: idleMs }), idleMs);
  };
  if (opts.timeoutMs != null) {
    const ms = opts.timeoutMs;
    total = setTimeout(() => stop({ kind: 'timeout', ms }), ms);
  }
  armIdle();
  const onAbort = () => stop({ kind: 'cancelled' });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // The channel's opening counts against the time too: a server may never confirm it.
    const opened = execChannel(client, withPidReport(command));
    // A channel that opens only after we gave up is closed at once (its command never gets to run long).
    opened.then(
      (late) => {
        if (stopped && late.channel !== channel) late.channel.close();
      },
      () => {},
    );
    const first = await Promise.race([opened, stopping.then(() => undefined)]);
    if (!first) throw stopError(stopped!, command, opts.label);
    channel = first.channel;
    if (stopped) channel.close();
    const outDecoder = new TextDecoder();
    const errDecoder = new TextDecoder();
    channel.on('data', (d: Buffer) => {
      armIdle();
      const text = outDecoder.decode(d, { stream: true });
      stdout.push(text);
      opts.onOutput?.(text, 'stdout');
    });
    channel.stderr.on('data', (d: Buffer) => {
      armIdle();
      const text = pidReader.push(errDecoder.decode(d, { stream: true }));
      if (text === '') return;
      stderr.push(text);
      opts.onOutput?.(text, 'stderr');
    });
    const { code, signal } = await first.ended;
    if (stopped) {
      await stopping;
      throw stopError(stopped, command, opts.label);
    }
    return { exitCode: code, ...(signal ? { exitSignal: signal } : {}), stdout: stdout.toString(), stderr: stderr.toString() };
  } finally {
    clearTimers();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

function stopError(why: StopReason, command: string, label: string | undefined): SysbError {
  const name = label ?? `'${shortCommand(command)}'`;
  switch (why.kind) {
    case 'cancelled':
      return new SysbError('CANCELLED', 'the remote command was cancelled and its processes were stopped');
    case 'timeout':
      return new SysbError('REMOTE_TIMEOUT', `${name} did not finish within ${why.ms / 1000} s; it was stopped on the server`, {
        timeoutMs: why.ms,
      });
    case 'idle':
      return new SysbError('REMOTE_TIMEOUT', `${name} printed nothing for ${why.ms / 1000} s; it was stopped on the server`, {
        idleTimeoutMs: why.ms,
      });
  }
}

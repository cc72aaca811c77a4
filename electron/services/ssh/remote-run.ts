/**
 * Runs one command on the remote shell with live output and real cancellation: the command's
 * shell reports its PID first (sshd makes it a process-group leader), so cancelling kills the
 * whole remote process group through a second channel instead of only closing our end.
 */
import type { Client, ClientChannel } from 'ssh2';
import { SysbError } from '../../../shared/errors.ts';
import { sh } from './shell-quote.ts';

/** Which stream a chunk of output came from. */
export type OutputStream = 'stdout' | 'stderr';

/** Options for RemoteHost.run. */
export interface RunOptions {
  /** Live output, decoded as UTF-8 text chunks. */
  onOutput?: (text: string, stream: OutputStream) => void;
  signal?: AbortSignal;
  /** Keep at most this many characters of each stream in the result (the tail is kept). Default 1 MiB. */
  maxKeep?: number;
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

/** The end of a channel: exit status (or signal) and when it closed. */
export interface ChannelEnd { code: number | null; signal?: string }

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

/** Kills a remote process group and its leader (best effort). */
export async function killRemote(client: Client, pid: number): Promise<void> {
  const cmd = sh`kill -TERM -${pid} 2>/dev/null; kill -TERM ${pid} 2>/dev/null; sleep 1; kill -KILL -${pid} 2>/dev/null; true`;
  try {
    const { channel, ended } = await execChannel(client, cmd);
    channel.resume();
    channel.stderr.resume();
    await ended;
  } catch {
    // the connection may already be gone; then sshd has hung up on the session anyway
  }
}

/** Runs `command` through the remote login shell; resolves with its exit status and output. */
export async function runRemote(client: Client, command: string, opts: RunOptions = {}): Promise<RunResult> {
  if (opts.signal?.aborted) throw new SysbError('CANCELLED', 'cancelled before the remote command started');
  const maxKeep = opts.maxKeep ?? 1 << 20;
  const { channel, ended } = await execChannel(client, `echo ${PID_MARK}$$ >&2; ${command}`);
  let stdout = '';
  let stderr = '';
  let pid: number | undefined;
  let stderrHead = '';
  const keep = (prev: string, add: string) => {
    const next = prev + add;
    return next.length > maxKeep ? next.slice(next.length - maxKeep) : next;
  };
  const outDecoder = new TextDecoder();
  const errDecoder = new TextDecoder();
  channel.on('data', (d: Buffer) => {
    const text = outDecoder.decode(d, { stream: true });
    stdout = keep(stdout, text);
    opts.onOutput?.(text, 'stdout');
  });
  channel.stderr.on('data', (d: Buffer) => {
    let text = errDecoder.decode(d, { stream: true });
    if (pid === undefined) {
      stderrHead += text;
      const nl = stderrHead.indexOf('\n');
      if (nl < 0) return;
      const first = stderrHead.slice(0, nl);
      text = stderrHead.slice(nl + 1);
      stderrHead = '';
      pid = first.startsWith(PID_MARK) ? Number(first.slice(PID_MARK.length)) : 0;
      if (!first.startsWith(PID_MARK)) text = `${first}\n${text}`;
      if (text === '') return;
    }
    stderr = keep(stderr, text);
    opts.onOutput?.(text, 'stderr');
  });
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
    const target = pid;
    void (async () => {
      if (target && Number.isSafeInteger(target) && target > 1) await killRemote(client, target);
      channel.close();
    })();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, signal } = await ended;
    if (cancelled) throw new SysbError('CANCELLED', 'the remote command was cancelled and its processes were stopped');
    return { exitCode: code, ...(signal ? { exitSignal: signal } : {}), stdout, stderr };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

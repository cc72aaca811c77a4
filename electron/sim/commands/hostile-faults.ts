/**
 * Fault switches that make the simulated host hostile to SysbTape's remote side (issue #8 finding 8):
 * a command that never returns, a command that floods its output without a newline, and (through
 * ../fault-bin, put first on PATH only by tests that ask) a `cat` that streams past the file's end.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { simPath, type SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

/** The hostile switches of sim.json's "faults". */
export interface HostileFaults {
  /** These simulated commands print nothing and never return (each writes its PID to <root>/hung-NAME.pid). */
  hangCommands?: string[];
  /** This command first prints `bytes` characters without a newline on `stream`, then runs as usual. */
  floodOutput?: { command: string; bytes: number; stream?: 'stdout' | 'stderr' };
  /** fault-bin/cat sends the file and then endless zeros, as if the file never ended. */
  catStreamsPastEnd?: boolean;
}

/** Path of the PID file a hung command leaves, so a test can see whether it was stopped. */
export function hungPidPath(name: string): string {
  return simPath(`/hung-${name}.pid`);
}

/** Applies the hang and flood faults for `name`; resolves only when the command should go on normally. */
export async function applyHostileFaults(name: string, cfg: SimConfig, io: SimIo): Promise<void> {
  const flood = cfg.faults.floodOutput;
  if (flood && flood.command === name) {
    const write = flood.stream === 'stderr' ? io.err : io.out;
    const chunk = 'x'.repeat(64 * 1024);
    for (let left = flood.bytes; left > 0; left -= chunk.length) write(left >= chunk.length ? chunk : chunk.slice(0, left));
  }
  if (cfg.faults.hangCommands?.includes(name)) {
    writeFileSync(hungPidPath(name), `${process.pid}\n`);
    // Keep the event loop alive: a real hung command never exits by itself.
    const keepAlive = setInterval(() => {}, 1 << 30);
    await new Promise<void>((resolve) => io.signal?.addEventListener('abort', () => resolve(), { once: true }));
    clearInterval(keepAlive);
  }
}

/** fault-bin's `cat FILE…`: the files, then (with catStreamsPastEnd) zeros until the reader hangs up. */
export async function hostileCat(files: string[], cfg: SimConfig): Promise<number> {
  const out = process.stdout;
  out.on('error', () => process.exit(141)); // EPIPE: the reader is gone, as SIGPIPE would end cat
  for (const file of files) {
    for await (const chunk of createReadStream(file)) {
      if (!out.write(chunk as Buffer)) await new Promise((r) => out.once('drain', r));
    }
  }
  if (!cfg.faults.catStreamsPastEnd) return 0;
  const zeros = Buffer.alloc(64 * 1024);
  for (;;) {
    if (!out.write(zeros)) await new Promise((r) => out.once('drain', r));
  }
}

/** Progress of a tape write or verify: bytes, MB/s and ETA, reported about four times a second. */
import { SysbError } from '../../../shared/errors.ts';

/** One progress report. */
export interface TapeProgress {
  phase: 'write' | 'verify' | 'inspect';
  /** Tape file number being processed, 1-based. */
  record: number;
  /** Bytes of this record done so far, and its size when known. */
  recordBytes: number;
  recordTotal: number | undefined;
  /** Bytes of the whole job done so far, and the total when known. */
  bytes: number;
  totalBytes: number | undefined;
  /** Average rate since the start of the job, in MB/s (10^6 bytes). */
  mbPerSecond: number;
  /** Seconds left at the current rate, when the total is known. */
  etaSeconds: number | undefined;
}

/** Callback type for progress. */
export type OnTapeProgress = (p: TapeProgress) => void;

/** Accumulates bytes and emits throttled TapeProgress events. */
export class ProgressMeter {
  readonly #phase: TapeProgress['phase'];
  readonly #total: number | undefined;
  readonly #on: OnTapeProgress | undefined;
  readonly #intervalMs: number;
  readonly #start = performance.now();
  #last = 0;
  #bytes = 0;
  #record = 0;
  #recordBytes = 0;
  #recordTotal: number | undefined;

  constructor(phase: TapeProgress['phase'], totalBytes: number | undefined, on: OnTapeProgress | undefined, intervalMs = 250) {
    this.#phase = phase;
    this.#total = totalBytes;
    this.#on = on;
    this.#intervalMs = intervalMs;
  }

  /** Starts a new record (tape file). */
  startRecord(record: number, total: number | undefined): void {
    this.#record = record;
    this.#recordBytes = 0;
    this.#recordTotal = total;
    this.#emit();
  }

  /** Adds bytes; emits when the interval has passed. */
  add(bytes: number): void {
    this.#bytes += bytes;
    this.#recordBytes += bytes;
    if (this.#on && performance.now() - this.#last >= this.#intervalMs) this.#emit();
  }

  /** Emits the current state now (end of a record). */
  flush(): void {
    this.#emit();
  }

  #emit(): void {
    if (!this.#on) return;
    const now = performance.now();
    this.#last = now;
    const seconds = (now - this.#start) / 1000;
    const rate = seconds > 0 ? this.#bytes / seconds : 0;
    const total = this.#total;
    this.#on({
      phase: this.#phase,
      record: this.#record,
      recordBytes: this.#recordBytes,
      recordTotal: this.#recordTotal,
      bytes: this.#bytes,
      totalBytes: total,
      mbPerSecond: rate / 1e6,
      etaSeconds: total !== undefined && rate > 0 ? Math.max(0, (total - this.#bytes) / rate) : undefined,
    });
  }
}

/** Formats a progress report as one line for a terminal. */
export function formatProgress(p: TapeProgress): string {
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const rec = p.recordTotal !== undefined ? `${mb(p.recordBytes)}/${mb(p.recordTotal)} MB` : `${mb(p.recordBytes)} MB`;
  const eta = p.etaSeconds !== undefined ? `, ETA ${Math.ceil(p.etaSeconds)} s` : '';
  return `${p.phase} record ${p.record}: ${rec}, ${p.mbPerSecond.toFixed(1)} MB/s${eta}`;
}

/** Throws CANCELLED when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}

/** The job was cancelled by the operator. */
export class CancelledError extends SysbError {
  constructor(what: string) {
    super('CANCELLED', `${what} cancelled`);
    this.name = 'CancelledError';
  }
}

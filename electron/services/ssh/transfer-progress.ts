/** Progress of a byte transfer, throttled to about four reports a second. */

/** One progress report: bytes so far, total, rate over the last seconds and the time left. */
export interface TransferProgress {
  bytes: number;
  total: number;
  bytesPerSecond: number;
  etaSeconds: number | undefined;
}

/** Returns a function to call with the running byte count; it forwards at most every `intervalMs`. */
export function progressThrottle(
  total: number,
  onProgress: ((p: TransferProgress) => void) | undefined,
  intervalMs = 250,
): (bytes: number, force?: boolean) => void {
  if (!onProgress) return () => {};
  const samples: { t: number; bytes: number }[] = [];
  let last = 0;
  return (bytes, force = false) => {
    const now = performance.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    samples.push({ t: now, bytes });
    while (samples.length > 2 && now - samples[0]!.t > 2000) samples.shift();
    const first = samples[0]!;
    const dt = (now - first.t) / 1000;
    const rate = dt > 0 ? (bytes - first.bytes) / dt : 0;
    onProgress({ bytes, total, bytesPerSecond: rate, etaSeconds: rate > 0 ? (total - bytes) / rate : undefined });
  };
}

/** "12.3 MB/s" — decimal megabytes as drives and networks are quoted. */
export function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
}

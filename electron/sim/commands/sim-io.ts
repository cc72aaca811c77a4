/** How a simulated command writes its output (stdout/stderr), so commands work in and out of process. */

/** Output sinks for one simulated command. */
export interface SimIo {
  out(text: string): void;
  err(text: string): void;
  signal?: AbortSignal;
}

/** Resolves after ms milliseconds (or at once for 0). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

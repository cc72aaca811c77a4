/**
 * Text for a terminal: control characters in what the CLI prints (notes, locations, reasons, hostnames
 * and names read from tapes or servers) are shown escaped, so a note holding ESC sequences cannot
 * retitle, clear or rewrite the operator's terminal. Tab, newline and CRLF stay as they are.
 */
import type { CliIo } from './command-kit.ts';

// C0 controls except \t and \n, DEL, and the C1 controls (U+0080–U+009F, which some terminals obey too).
// A CR is kept only as part of CRLF (CSV line ends); alone it could overwrite the line it is on.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

/**
 * The text with every control character but tab and newline written as \u00NN: readable in text, and
 * in JSON output (where JSON.stringify leaves DEL and C1 raw) the very escape JSON means, so --json stays exact.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The stream, with strings written to it escaped (Buffers pass through: they are deliberate bytes). */
export function escapingStream(target: NodeJS.WritableStream): NodeJS.WritableStream {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (t.write as (...a: unknown[]) => boolean)(typeof chunk === 'string' ? escapeControl(chunk) : chunk, ...rest);
      }
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/** The CLI's streams with every printed string escaped: one place covers every command's printer. */
export function terminalSafe(io: CliIo): CliIo {
  // A getter, not a copy: reading process.stdin creates its stream (~4 ms), which most commands never use.
  return {
    out: escapingStream(io.out),
    err: escapingStream(io.err),
    get stdin() {
      return io.stdin;
    },
  };
}

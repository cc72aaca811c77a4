/**
 * Keeps the head and the tail of a stream of text and counts what was cut in between: a remote
 * step that prints 400 MB without a newline must not cost 400 MB (it once cost 1.06 GB of RSS),
 * yet the start (what the command was doing) and the end (why it stopped) both stay readable.
 */

/** Default characters kept per stream: 64 Ki of head and 64 Ki of tail. */
export const DEFAULT_KEEP_CHARS = 128 * 1024;

/** A text buffer of bounded size that says what it dropped. */
export class BoundedText {
  readonly #half: number;
  #head = '';
  #tail = '';
  #cut = 0;

  constructor(maxChars: number = DEFAULT_KEEP_CHARS) {
    this.#half = Math.max(1, Math.floor(maxChars / 2));
  }

  /** Characters dropped from the middle so far. */
  get cut(): number {
    return this.#cut;
  }

  /** Adds text at the end. */
  push(text: string): void {
    if (this.#head.length < this.#half) {
      const room = this.#half - this.#head.length;
      this.#head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text === '') return;
    const tail = this.#tail + text;
    if (tail.length > this.#half) {
      this.#cut += tail.length - this.#half;
      this.#tail = tail.slice(tail.length - this.#half);
    } else {
      this.#tail = tail;
    }
  }

  /** The kept text, with a marker line where the middle was cut. */
  toString(): string {
    if (this.#cut === 0) return this.#head + this.#tail;
    return `${this.#head}\n[… ${this.#cut} characters of output cut here; the first and last ${this.#half} are kept …]\n${this.#tail}`;
  }
}

/** Shortens one line for a message: the start and the end, with the number of characters left out. */
export function clipLine(line: string, max = 300): string {
  if (line.length <= max) return line;
  const half = Math.floor((max - 40) / 2);
  return `${line.slice(0, half)} […${line.length - 2 * half} characters cut…] ${line.slice(-half)}`;
}

/**
 * Splits streamed text into lines for a log, never holding more than `maxLine` characters of an
 * unfinished line: a longer line is logged as its start plus how many characters were cut.
 */
export function boundedLineSplitter(emit: (line: string) => void, maxLine = 4096): (text: string) => void {
  let pending = '';
  let dropped = 0;
  const clip = (line: string): string => {
    if (line.length <= maxLine) return line;
    dropped += line.length - maxLine;
    return line.slice(0, maxLine);
  };
  return (text) => {
    const lines = (pending + text).split(/\r?\n/);
    const rest = lines.pop() ?? '';
    for (const whole of lines) {
      const line = clip(whole);
      const shown = dropped > 0 ? `${line} […${dropped} more characters of this line cut]` : line;
      dropped = 0;
      if (shown.trim()) emit(shown);
    }
    pending = clip(rest);
  };
}

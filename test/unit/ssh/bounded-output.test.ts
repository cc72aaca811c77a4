/** Bounded output (issue #8 finding 8): head and tail kept, the cut said; log lines clipped; password-only prompt answers; timeouts. */
import { describe, expect, it } from 'vitest';
import { BoundedText, boundedLineSplitter, clipLine } from '../../../electron/services/ssh/bounded-text.ts';
import { answerPasswordPrompts } from '../../../electron/services/ssh/keyboard-interactive.ts';
import { DEFAULT_TIMEOUTS, resolveTimeouts } from '../../../electron/services/ssh/remote-timeouts.ts';

describe('BoundedText', () => {
  it('keeps everything while it fits', () => {
    const t = new BoundedText(100);
    t.push('hello ');
    t.push('world');
    expect(t.toString()).toBe('hello world');
    expect(t.cut).toBe(0);
  });

  it('keeps the first and last half of a flood and says how much was cut', () => {
    const t = new BoundedText(20);
    t.push('HEAD-');
    for (let i = 0; i < 1000; i++) t.push('x'.repeat(1000));
    t.push('-TAIL');
    const s = t.toString();
    expect(s.startsWith('HEAD-xxxxx')).toBe(true);
    expect(s.endsWith('xxxxx-TAIL')).toBe(true);
    expect(t.cut).toBe(5 + 1_000_000 + 5 - 20);
    expect(s).toContain(`[… ${t.cut} characters of output cut here; the first and last 10 are kept …]`);
    expect(s.length).toBeLessThan(120);
  });

  it('clips a long line for a message, saying how much', () => {
    const line = clipLine('a'.repeat(10_000), 300);
    expect(line.length).toBeLessThanOrEqual(320);
    expect(line).toMatch(/characters cut/);
  });
});

describe('boundedLineSplitter', () => {
  it('emits whole lines, and a line without end only up to its limit plus what was cut', () => {
    const lines: string[] = [];
    const push = boundedLineSplitter((l) => lines.push(l), 10);
    push('one\ntw');
    push('o\n');
    for (let i = 0; i < 100; i++) push('y'.repeat(1000));
    push('\nthree\n');
    expect(lines).toEqual(['one', 'two', `${'y'.repeat(10)} […${100_000 - 10} more characters of this line cut]`, 'three']);
  });
});

describe('keyboard-interactive answers', () => {
  it('answers only the prompts that ask for a password', () => {
    const answers = answerPasswordPrompts(
      [{ prompt: 'Verification code: ' }, { prompt: "root's Password: " }, { prompt: 'Username:', echo: true }],
      'pw',
    );
    expect(answers).toEqual(['', 'pw', '']);
  });
});

describe('remote timeouts', () => {
  it('has sane defaults, takes SYSBTAPE_* variables and explicit values, and refuses nonsense naming it', () => {
    expect(resolveTimeouts({}, {})).toEqual(DEFAULT_TIMEOUTS);
    expect(resolveTimeouts({ transferIdleSeconds: 5 }, { SYSBTAPE_COMMAND_TIMEOUT: '2.5' })).toEqual({
      ...DEFAULT_TIMEOUTS,
      commandSeconds: 2.5,
      transferIdleSeconds: 5,
    });
    expect(() => resolveTimeouts({}, { SYSBTAPE_CAPTURE_IDLE_TIMEOUT: 'soon' })).toThrow(
      /SYSBTAPE_CAPTURE_IDLE_TIMEOUT must be a number of seconds/,
    );
  });
});

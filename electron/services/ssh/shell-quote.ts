/**
 * The one way anything reaches the remote shell. AIX's ksh and Linux's sh both treat text inside
 * single quotes literally (no $, `, \ or newline processing), so every value is wrapped in single
 * quotes and each embedded single quote becomes '\'' (close, escaped quote, reopen).
 */
import { SysbError } from '../../../shared/errors.ts';

/** Quotes one argument for a POSIX/ksh shell; the result is always a single word. */
export function quoteArg(value: string): string {
  if (value.includes('\0')) throw new SysbError('INVALID_INPUT', 'a value sent to the remote shell contains a NUL byte; remove it');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A piece of shell text that is already safe (built by `sh` or a constant we wrote). */
export interface ShellText {
  readonly shell: string;
}

/** Marks constant shell text written in this code base as safe; never call it on user input. */
export function raw(text: string): ShellText {
  return { shell: text };
}

/**
 * Tagged template for remote commands: the literal parts are ours, every interpolated value is
 * quoted (arrays become several quoted words) unless it is a ShellText built the same way.
 */
export function sh(strings: TemplateStringsArray, ...values: (string | number | ShellText | readonly string[])[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return out;
}

function renderValue(value: string | number | ShellText | readonly string[]): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SysbError('INVALID_INPUT', `not a finite number for the remote shell: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return quoteArg(value);
  if (isShellText(value)) return value.shell;
  return value.map(quoteArg).join(' ');
}

function isShellText(value: ShellText | readonly string[]): value is ShellText {
  return !Array.isArray(value) && typeof (value as ShellText).shell === 'string';
}

/** Characters allowed in a remote work directory: letters, digits and . _ - / (no spaces, no shell syntax). */
const SAFE_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/**
 * Checks a remote work directory: absolute, safe characters only, no `..` component, not `/` itself.
 * Even though every value is quoted, a strict rule keeps surprises out of AIX commands that re-parse
 * their arguments (mksysb and bosboot are shell scripts).
 */
export function validateWorkdir(dir: string): string {
  const where = `work directory ${JSON.stringify(dir)}`;
  if (!dir.startsWith('/')) throw new SysbError('INVALID_INPUT', `${where} must be an absolute path (e.g. /tmp/sysbtape)`);
  if (!SAFE_PATH.test(dir)) {
    throw new SysbError('INVALID_INPUT', `${where} may contain only letters, digits and . _ - / (no spaces, quotes or shell characters)`);
  }
  const parts = dir.split('/').filter((p) => p !== '');
  if (parts.length === 0) throw new SysbError('INVALID_INPUT', `${where} must not be the root directory`);
  if (parts.some((p) => p === '..' || p === '.')) throw new SysbError('INVALID_INPUT', `${where} must not contain . or .. components`);
  return `/${parts.join('/')}`;
}

/** Server names become directory names and CLI handles: letters, digits, . _ - only, 1–64 chars, no leading dot. */
export function validateServerName(name: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new SysbError(
      'INVALID_INPUT',
      `server name ${JSON.stringify(name)} may contain only letters, digits and . _ - (1–64 characters, not starting with a dot)`,
    );
  }
  return name;
}

/** Host names / IP literals for connecting: no whitespace, no leading '-', no shell or URL syntax. */
export function validateHostName(host: string): string {
  if (!/^[A-Za-z0-9_.:%[\]-]{1,253}$/.test(host) || host.startsWith('-')) {
    throw new SysbError('INVALID_INPUT', `host ${JSON.stringify(host)} is not a valid host name or IP address`);
  }
  return host;
}

/** Display form of names stored as raw bytes in an archive. */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Shows a stored name: valid UTF-8 is kept (control characters and backslash escaped);
 * otherwise every byte outside printable ASCII becomes \xNN, so the exact bytes stay recoverable.
 */
export function displayName(bytes: Uint8Array): string {
  let plain = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e || b === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  let text: string | null;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = null;
  }
  if (text !== null) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f\\]/g, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  }
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Turns a name typed by a user (as shown by displayName) back into the stored bytes. */
export function nameBytes(shown: string): Buffer {
  if (!shown.includes('\\')) return Buffer.from(shown, 'utf8');
  const parts: Buffer[] = [];
  let i = 0;
  while (i < shown.length) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(shown.slice(i, i + 4));
    if (m) {
      parts.push(Buffer.from([parseInt(m[1]!, 16)]));
      i += 4;
      continue;
    }
    if (shown.startsWith('\\\\', i)) {
      parts.push(Buffer.from('\\'));
      i += 2;
      continue;
    }
    const cp = shown.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    parts.push(Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  return Buffer.concat(parts);
}

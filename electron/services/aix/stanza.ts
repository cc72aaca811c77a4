/**
 * Reader of AIX stanza files (bosinst.data, image.data; aix-formats.md §3): a stanza name in column 1
 * ending with ':', then indented `NAME = value` or `\tNAME= value` fields. `#` lines are comments.
 * Repeated stanzas (lv_data, fs_data, target_disk_data) are kept in order.
 */

/** One stanza with its fields in file order. */
export interface Stanza {
  name: string;
  fields: Map<string, string>;
  /** 1-based line of the stanza name. */
  line: number;
}

/** Parsed stanza file plus lines that fitted no rule. */
export interface StanzaFile {
  stanzas: Stanza[];
  /** Lines that are neither comment, stanza name, field nor blank: "line N: text". */
  stray: string[];
}

/** Parses stanza text; never throws. */
export function parseStanzas(text: string): StanzaFile {
  const stanzas: Stanza[] = [];
  const stray: string[] = [];
  let current: Stanza | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (line.startsWith('#')) continue;
    const head = /^([A-Za-z_][\w.-]*):\s*$/.exec(line);
    if (head) {
      current = { name: head[1]!, fields: new Map(), line: i + 1 };
      stanzas.push(current);
      continue;
    }
    const field = /^\s+([A-Za-z_][\w.-]*)\s*=\s?(.*)$/.exec(line);
    if (field && current) {
      current.fields.set(field[1]!, field[2]!.trimEnd());
      continue;
    }
    stray.push(`line ${i + 1}: ${line.slice(0, 80)}`);
  }
  return { stanzas, stray };
}

/** All stanzas with a given name, in file order. */
export function stanzasNamed(file: StanzaFile, name: string): Stanza[] {
  return file.stanzas.filter((s) => s.name === name);
}

/** A field of the first stanza with that name, or null. */
export function fieldOf(file: StanzaFile, stanza: string, field: string): string | null {
  for (const s of file.stanzas) {
    if (s.name === stanza && s.fields.has(field)) return s.fields.get(field)!;
  }
  return null;
}

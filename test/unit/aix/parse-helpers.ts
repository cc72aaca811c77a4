/** Small helpers for archive parser tests: parse a buffer in chunks and collect what was seen. */
import { ArchiveParser } from '../../../electron/services/aix/archive-parser.ts';
import type { ArchiveMember, ArchiveSummary, MemberDataResult } from '../../../electron/services/aix/archive-types.ts';

/** What parsing a buffer produced. */
export interface Parsed {
  members: ArchiveMember[];
  data: Map<string, Buffer>;
  ends: MemberDataResult[];
  summary: ArchiveSummary;
}

/** Parses `buf` fed in chunks of `step` bytes, collecting every member's data. */
export function parseAll(buf: Uint8Array, step = buf.length, withData = true): Parsed {
  const members: ArchiveMember[] = [];
  const parts = new Map<string, Buffer[]>();
  const ends: MemberDataResult[] = [];
  const parser = new ArchiveParser({
    onMember: (m) => members.push(m),
    onMemberData: withData
      ? (m, c) => {
          const list = parts.get(m.displayName) ?? [];
          list.push(Buffer.from(c));
          parts.set(m.displayName, list);
        }
      : undefined,
    onMemberEnd: (_m, r) => ends.push(r),
  });
  for (let i = 0; i < buf.length && !parser.done; i += Math.max(1, step)) parser.write(buf.subarray(i, i + step));
  const summary = parser.end();
  const data = new Map<string, Buffer>();
  for (const [k, v] of parts) data.set(k, Buffer.concat(v));
  return { members, data, ends, summary };
}

/**
 * Push-based, incremental parser of backup-by-name archives (aix-formats.md §4): feed it the bytes
 * of record 2 or 4 in any chunking (tape blocks, file reads) and it reports members, problems and a
 * summary. It never throws on bad input, never buffers a member's data, and skips unwanted data by
 * offset arithmetic so that it runs at memory speed. Damage is reported with its byte offset, and
 * the parser resynchronises on the next trustworthy header the way AIX restore does.
 */
import {
  DWORD,
  INCNO_BY_NAME,
  NAME_MAX_BYTES,
  TYPE_END,
  TYPE_FINDEX,
  TYPE_NAME_LF,
  TYPE_NAME_X,
  TYPE_VOLUME,
  align8,
} from './backup-format.ts';
import type {
  ArchiveMember,
  ArchiveParserOptions,
  ArchiveProblem,
  ArchiveProblemCode,
  ArchiveSummary,
  ChecksumStatus,
  VolumeHeader,
} from './archive-types.ts';
import { checkChecksum, checkShape } from './header-check.ts';
import { HuffmanDecoder } from './huffman-decoder.ts';
import { displayName } from './member-name.ts';
import { type NameSpan, decodeFileFields, decodeVolume, findHeaderInBlock, kindOf, locateName, scanForHeader } from './record-decode.ts';

/** ACL+PCL blocks up to this size are looked at; real ones are a few dozen bytes. */
const ACL_CHECK_BYTES = 4096;
/** Larger declared ACL+PCL sizes are damage, not data. */
const ACL_MAX_BYTES = 1 << 20;
/** A symlink's data is its target; longer than PATH_MAX means the header is damaged. */
const LINK_MAX_BYTES = NAME_MAX_BYTES;
/** Bytes of a new chunk joined to a carried-over tail; more than any contiguous need. */
const JOIN_BYTES = 16 * 1024;
const EMPTY = Buffer.alloc(0);

type State = 'header' | 'sac' | 'aclcheck' | 'aclskip' | 'link' | 'data' | 'pad' | 'resync' | 'done';

/** Incremental parser; see the module comment. */
export class ArchiveParser {
  private readonly opts: ArchiveParserOptions;
  private readonly maxProblems: number;
  private state: State = 'header';
  /** Absolute stream offset of the next byte to consume. */
  private offset = 0;
  private bufBase = 0;
  private carry: Buffer = EMPTY;
  private remaining = 0;
  private member: ArchiveMember | null = null;
  private deliver = false;
  private decoder: HuffmanDecoder | null = null;
  private dataSeen = 0;
  private announced = false;
  private aclBytes = 0;
  private resyncStart = 0;
  private sawFirst = false;
  private volume: VolumeHeader | null = null;
  private absentMode = false;
  private memberCount = 0;
  private totalBytes = 0;
  private endOffset: number | null = null;
  private readonly problems: ArchiveProblem[] = [];
  private problemCount = 0;
  private checksumsAbsent = 0;
  private firstAbsentOffset = -1;
  private summary: ArchiveSummary | null = null;

  constructor(opts: ArchiveParserOptions = {}) {
    this.opts = opts;
    this.maxProblems = opts.maxProblems ?? 100;
  }

  /** True once FS_END has been parsed; later bytes are ignored, never validated. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** Absolute offset of the next byte the parser expects. */
  get position(): number {
    return this.offset;
  }

  /** Bytes the parser would pass over without looking at them; a file reader may skip() them. */
  skippable(): number {
    if (this.carry.length > 0) return 0;
    switch (this.state) {
      case 'data':
        return this.deliver || this.decoder !== null ? 0 : this.remaining;
      case 'pad':
      case 'aclskip':
        return this.remaining;
      case 'header':
      case 'sac':
      case 'aclcheck':
      case 'link':
      case 'resync':
      case 'done':
        return 0;
    }
  }

  /** Advances over n bytes that were not read; n must not exceed skippable(). */
  skip(n: number): void {
    if (n <= 0) return;
    if (n > this.skippable()) throw new RangeError(`cannot skip ${n} bytes here (at most ${this.skippable()})`);
    this.remaining -= n;
    this.offset += n;
    if (this.state === 'data') this.dataSeen += n;
    if (this.remaining === 0) this.finishSkipState();
  }

  /** Feeds the next bytes of the archive stream. */
  write(chunk: Uint8Array): void {
    if (this.state === 'done' || chunk.length === 0) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let pos = 0;
    if (this.carry.length > 0) {
      const carryLen = this.carry.length;
      const joined = Buffer.concat([this.carry, buf.subarray(0, Math.min(buf.length, JOIN_BYTES))]);
      this.carry = EMPTY;
      const used = this.process(joined, 0);
      if (this.done) return;
      if (used < carryLen) {
        // Cannot happen with JOIN_BYTES above every contiguous need, but never drop bytes.
        this.carry = Buffer.concat([joined.subarray(used), buf.subarray(joined.length - carryLen)]);
        return;
      }
      pos = used - carryLen;
    }
    const used = this.process(buf, pos);
    if (!this.done && used < buf.length) this.carry = Buffer.from(buf.subarray(used));
  }

  /** Ends the stream and returns the summary (idempotent). */
  end(): ArchiveSummary {
    if (this.summary) return this.summary;
    if (this.state !== 'done') this.reportEndOfStream();
    if (this.checksumsAbsent > 0) {
      this.problem(
        'CHECKSUM_ABSENT',
        `${this.checksumsAbsent} header(s) carry no checksum (stored 0), the first at offset ${this.firstAbsentOffset}: their integrity cannot be checked`,
        this.firstAbsentOffset,
      );
    }
    this.summary = {
      volume: this.volume,
      memberCount: this.memberCount,
      totalBytes: this.totalBytes,
      endOffset: this.endOffset,
      bytesParsed: this.offset + this.carry.length,
      problems: this.problems,
      problemCount: this.problemCount,
      checksumsAbsent: this.checksumsAbsent,
      complete: this.state === 'done' && this.problemCount === 0,
    };
    return this.summary;
  }

  private reportEndOfStream(): void {
    const at = this.offset;
    const m = this.member;
    switch (this.state) {
      case 'header':
        if (!this.sawFirst && at + this.carry.length === 0) this.problem('NOT_BACKUP_FORMAT', 'the archive is empty', 0);
        else this.problem('TRUNCATED', `the archive ends at offset ${at + this.carry.length} without an FS_END record`, at);
        break;
      case 'resync':
        this.problem(
          'TRUNCATED',
          `no valid header found after offset ${this.resyncStart}; the archive ends without an FS_END record`,
          this.resyncStart,
        );
        break;
      case 'sac':
      case 'aclcheck':
      case 'aclskip':
      case 'link':
      case 'data':
      case 'pad':
        this.endMemberData(false, `data cut short after ${this.dataSeen} of ${m ? m.storedLength : 0} bytes`);
        this.problem(
          'TRUNCATED',
          `the archive ends inside member ${m ? m.displayName : '?'} (header at offset ${m ? m.headerOffset : '?'}) without an FS_END record`,
          at,
        );
        break;
      case 'done':
        break;
    }
  }

  private problem(code: ArchiveProblemCode, message: string, offset: number): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) this.problems.push({ code, message, offset });
  }

  /** Consumes buf from pos; returns where it stopped (end of buf, or where more contiguous bytes are needed). */
  private process(buf: Buffer, pos: number): number {
    this.bufBase = this.offset - pos;
    let p = pos;
    while (p < buf.length && this.state !== 'done') {
      const next = this.step(buf, p);
      if (next < 0) break;
      p = next;
      this.offset = this.bufBase + p;
    }
    this.offset = this.bufBase + p;
    return p;
  }

  /** One state step; returns the new position or -1 when more contiguous bytes are needed. */
  private step(buf: Buffer, p: number): number {
    switch (this.state) {
      case 'header':
        return this.stepHeader(buf, p);
      case 'sac':
        return this.stepSac(buf, p);
      case 'aclcheck':
        return this.stepAclCheck(buf, p);
      case 'link':
        return this.stepLink(buf, p);
      case 'resync':
        return this.stepResync(buf, p);
      case 'data':
        return this.stepData(buf, p);
      case 'aclskip':
      case 'pad': {
        const n = Math.min(this.remaining, buf.length - p);
        this.remaining -= n;
        if (this.remaining === 0) {
          this.offset = this.bufBase + p + n;
          this.finishSkipState();
        }
        return p + n;
      }
      case 'done':
        return buf.length;
    }
  }

  private abs(p: number): number {
    return this.bufBase + p;
  }

  private damage(code: ArchiveProblemCode, message: string, at: number, resumeAt: number): number {
    this.problem(code, message, this.abs(at));
    this.decoder = null;
    this.endMemberData(false, 'the archive is damaged here');
    this.state = 'resync';
    this.resyncStart = this.abs(resumeAt);
    this.member = null;
    return resumeAt;
  }

  private stepHeader(buf: Buffer, p: number): number {
    if (buf.length - p < DWORD) return -1;
    const at = this.abs(p);
    const shape = checkShape(buf, p);
    if (!shape.ok) {
      if (!this.sawFirst) {
        this.sawFirst = true;
        return this.damage('NOT_BACKUP_FORMAT', `the archive is not in backup format: ${shape.reason} at offset 0`, p, p + DWORD);
      }
      return this.damage(
        shape.unsupported ? 'UNSUPPORTED_RECORD' : 'BAD_HEADER',
        `missing header block at offset ${at}: ${shape.reason}`,
        p,
        p + DWORD,
      );
    }
    const bytes = shape.len * DWORD;
    if (buf.length - p < bytes) return -1;
    const sum = checkChecksum(buf, p, shape.len);
    if (sum.verdict === 'invalid') {
      this.sawFirst = true;
      return this.damage(
        'CHECKSUM_ERROR',
        `checksum error in the type ${shape.type} header at offset ${at} (stored 0x${sum.stored.toString(16)}, computed 0x${sum.computed.toString(16)})`,
        p,
        p + DWORD,
      );
    }
    const status: ChecksumStatus = sum.verdict === 'valid' ? 'valid' : 'absent';
    // Find the name's end before any side effect, since it may need more bytes.
    let name: NameSpan | 'bad' | null = null;
    if (shape.type === TYPE_NAME_X || shape.type === TYPE_NAME_LF) {
      const span = locateName(buf, p, shape.len, shape.type);
      if (span === 'more') return -1;
      name = span;
    }
    if (!this.sawFirst) {
      this.sawFirst = true;
      if (status === 'absent') this.absentMode = true;
      if (shape.type !== TYPE_VOLUME) this.problem('NO_VOLUME_HEADER', 'the backup does not begin with an FS_VOLUME record', at);
    }
    if (status === 'absent') {
      this.checksumsAbsent++;
      if (this.firstAbsentOffset < 0) this.firstAbsentOffset = at;
    }
    switch (shape.type) {
      case TYPE_VOLUME:
        return this.onVolume(buf, p, status);
      case TYPE_FINDEX:
        return p + bytes;
      case TYPE_END:
        this.endOffset = at + bytes;
        this.state = 'done';
        return p + bytes;
      case TYPE_NAME_X:
      case TYPE_NAME_LF:
        return this.onFileHeader(buf, p, shape.len, shape.type, shape.magic, status, name!);
      default:
        return this.damage('UNSUPPORTED_RECORD', `record type ${shape.type} at offset ${at} is not supported by this reader`, p, p + bytes);
    }
  }

  private onVolume(buf: Buffer, p: number, status: ChecksumStatus): number {
    const at = this.abs(p);
    const vol = decodeVolume(buf, p, status);
    if (this.volume !== null || at !== 0) {
      this.problem('UNEXPECTED_VOLUME', `an FS_VOLUME record (volume ${vol.volumeNumber}) at offset ${at} inside the archive`, at);
      return p + 9 * DWORD;
    }
    this.volume = vol;
    if (vol.volumeNumber !== 1) this.problem('WRONG_VOLUME', `wrong volume: this is volume ${vol.volumeNumber}, expecting volume 1`, at);
    if (vol.incno !== INCNO_BY_NAME) {
      this.problem(
        'NOT_BY_NAME',
        `the volume header says incno ${vol.incno}${vol.incno === 101 ? ' (backed up by inode)' : ''}; expected ${INCNO_BY_NAME} (backed up by name)`,
        at,
      );
    }
    return p + 9 * DWORD;
  }

  private onFileHeader(
    buf: Buffer,
    p: number,
    len: number,
    type: number,
    magic: number,
    status: ChecksumStatus,
    span: NameSpan | 'bad',
  ): number {
    const at = this.abs(p);
    if (span === 'bad') {
      return this.damage(
        'BAD_NAME',
        `the name of the member at offset ${at} has no terminating NUL within ${NAME_MAX_BYTES} bytes`,
        p,
        p + len * DWORD,
      );
    }
    const next = span.next;
    if (span.overrun)
      this.problem('NAME_OVERRUNS_HEADER', `the name of the member at offset ${at} runs past its header length (${len} dwords)`, at);
    const f = decodeFileFields(buf, p, type, magic, span);
    const shown = displayName(f.name);
    if (f.size === null || f.storedLength === null) {
      return this.damage('BAD_SIZE', `member ${shown} at offset ${at} declares an impossible size`, p, next);
    }
    if (f.name.length === 0) this.problem('BAD_NAME', `the member at offset ${at} has an empty name`, at);
    const kind = kindOf(f.mode);
    const { size, storedLength, packed } = f;
    this.member = {
      name: f.name,
      displayName: shown,
      kind,
      ino: f.ino,
      nlink: f.nlink,
      mode: f.mode,
      uid: f.uid,
      gid: f.gid,
      size,
      mtime: f.mtime,
      packed,
      storedLength,
      headerOffset: at,
      dataOffset: 0,
      recordType: type === TYPE_NAME_LF ? 12 : 11,
      linkTarget: null,
      checksum: status,
    };
    this.memberCount++;
    this.totalBytes += size;
    if (kind === 'symlink' && !packed) {
      if (storedLength > LINK_MAX_BYTES) {
        this.problem('BAD_SYMLINK', `symlink ${shown} at offset ${at} declares a ${storedLength}-byte target`, at);
        return this.beginData(next);
      }
      this.state = 'link';
      return next;
    }
    this.state = 'sac';
    return next;
  }

  private stepSac(buf: Buffer, p: number): number {
    if (buf.length - p < DWORD) return -1;
    const acl = buf.readUInt32LE(p);
    const pcl = buf.readUInt32LE(p + 4);
    const total = (acl + pcl) * DWORD;
    const m = this.member!;
    if (total > ACL_MAX_BYTES) {
      this.announce();
      return this.damage(
        'BAD_ACL_SIZE',
        `member ${m.displayName}: implausible ACL/PCL sizes (${acl} and ${pcl} dwords) at offset ${this.abs(p)}`,
        p,
        p + DWORD,
      );
    }
    this.aclBytes = total;
    if (total === 0) return this.beginData(p + DWORD);
    this.state = total <= ACL_CHECK_BYTES ? 'aclcheck' : 'aclskip';
    this.remaining = total;
    return p + DWORD;
  }

  private stepAclCheck(buf: Buffer, p: number): number {
    const n = this.aclBytes;
    if (buf.length - p < n) return -1;
    // A trustworthy header inside the declared block means the sizes overrun the member.
    const q = findHeaderInBlock(buf, p, n, this.absentMode);
    if (q === -2) return -1;
    if (q >= 0) {
      const m = this.member!;
      this.problem(
        'ACL_OVERRUNS_HEADER',
        `member ${m.displayName}: its ACL/PCL block (${n} bytes declared) overruns the next header at offset ${this.abs(q)}`,
        this.abs(p),
      );
      m.dataOffset = this.abs(q);
      this.announce();
      this.endMemberData(m.storedLength === 0, m.storedLength === 0 ? null : 'data missing: the next header follows the ACL');
      this.state = 'header';
      this.member = null;
      return q;
    }
    return this.beginData(p + n);
  }

  private stepLink(buf: Buffer, p: number): number {
    const m = this.member!;
    if (buf.length - p < m.storedLength) return -1;
    const target = buf.subarray(p, p + m.storedLength);
    m.linkTarget = displayName(target);
    return this.beginData(p);
  }

  /** Announces the member and starts its data at buffer position p. */
  private beginData(p: number): number {
    const m = this.member!;
    m.dataOffset = this.abs(p);
    this.announce();
    const want =
      this.opts.onMemberData !== undefined &&
      (typeof this.opts.wantData === 'function' ? this.opts.wantData(m) : this.opts.wantData !== false);
    this.deliver = want;
    this.dataSeen = 0;
    this.decoder = null;
    if (m.packed && (want || this.opts.decodePacked !== false)) {
      const onData = this.opts.onMemberData;
      this.decoder = new HuffmanDecoder(m.size, want && onData ? (c) => onData(m, c) : undefined);
    }
    this.remaining = m.storedLength;
    this.state = 'data';
    if (this.remaining === 0) {
      this.offset = this.abs(p);
      this.finishSkipState();
    }
    return p;
  }

  private announce(): void {
    const m = this.member;
    if (!m || this.announced) return;
    this.announced = true;
    if (this.opts.onMember) this.opts.onMember(m);
  }

  private stepData(buf: Buffer, p: number): number {
    const n = Math.min(this.remaining, buf.length - p);
    const m = this.member!;
    if (this.decoder) this.decoder.write(buf.subarray(p, p + n));
    else if (this.deliver && n > 0) this.opts.onMemberData!(m, buf.subarray(p, p + n));
    this.remaining -= n;
    this.dataSeen += n;
    if (this.remaining === 0) {
      this.offset = this.abs(p + n);
      this.finishSkipState();
    }
    return p + n;
  }

  /** Moves on when the current skip-like state has consumed its bytes. */
  private finishSkipState(): void {
    switch (this.state) {
      case 'aclskip':
        this.state = 'data';
        this.beginDataAtOffset();
        return;
      case 'data': {
        const m = this.member!;
        if (this.decoder) {
          const r = this.decoder.end();
          this.decoder = null;
          if (!r.ok) this.problem('UNPACK_ERROR', `member ${m.displayName}: ${r.error ?? 'unpack failed'}`, m.dataOffset);
          this.endMemberData(r.ok, r.error, r.decodedBytes);
        } else {
          this.endMemberData(true, null);
        }
        this.remaining = align8(m.storedLength) - m.storedLength;
        this.member = null;
        this.state = this.remaining > 0 ? 'pad' : 'header';
        return;
      }
      case 'pad':
        this.state = 'header';
        return;
      case 'header':
      case 'sac':
      case 'aclcheck':
      case 'link':
      case 'resync':
      case 'done':
        return;
    }
  }

  private beginDataAtOffset(): void {
    // Same as beginData, for when the ACL was skipped without a buffer in hand.
    const base = this.bufBase;
    this.bufBase = this.offset;
    this.beginData(0);
    this.bufBase = base;
  }

  private endMemberData(ok: boolean, error: string | null, bytes = this.dataSeen): void {
    const m = this.member;
    if (!m || !this.announced) return;
    this.announced = false;
    if (this.opts.onMemberEnd) this.opts.onMemberEnd(m, { ok, bytes, error });
  }

  private stepResync(buf: Buffer, p: number): number {
    const r = scanForHeader(buf, p, this.absentMode);
    switch (r.kind) {
      case 'found': {
        const at = this.abs(r.at);
        this.problem('RESYNC', `resynchronised at offset ${at} after skipping ${at - this.resyncStart} bytes`, at);
        this.state = 'header';
        return r.at;
      }
      case 'consumed':
        return r.at === p ? -1 : r.at;
    }
  }
}

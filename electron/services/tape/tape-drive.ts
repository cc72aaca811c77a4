/**
 * The TapeDrive interface: what the four-record writer, the verifier and the inspector know about a
 * tape. Semantics follow the Linux st driver (../shared/reference/linux-tape.md §1 and §6) so the
 * virtual SIMH tape and a real /dev/nstN behave the same way for the code above them.
 */

/** How a drive is opened: reading never changes the tape; writing needs a write-enabled cartridge. */
export type TapeOpenMode = 'read' | 'write';

/** A snapshot of the drive, as MTIOCGET reports it. */
export interface TapeStatus {
  /** A cartridge is loaded and ready (GMT_ONLINE). */
  online: boolean;
  /** No cartridge / door open (GMT_DR_OPEN). */
  noTape: boolean;
  /** The cartridge's write-protect tab is set (GMT_WR_PROT). */
  writeProtected: boolean;
  /** At the beginning of the tape (GMT_BOT). */
  beginningOfTape: boolean;
  /** Just after a filemark (GMT_EOF). */
  atFilemark: boolean;
  /** At end of recorded data (GMT_EOD). */
  endOfData: boolean;
  /** Past the early-warning point near the end of the medium (GMT_EOT). */
  endOfMedium: boolean;
  /** The drive asks for a cleaning cartridge (GMT_CLN). */
  cleaningRequested: boolean;
  /** Fixed block size in bytes; 0 = variable block mode. */
  blockSize: number;
  /** Density code (bits 24-31 of mt_dsreg); 0 = default. */
  density: number;
  /** Current file number from BOT; -1 when unknown (after BSF). */
  fileNumber: number;
  /** Block number inside the current file; -1 when unknown. */
  blockNumber: number;
}

/** What a tape can hold, when the drive knows it; used by the writer's "capacity too small" check. */
export interface TapeCapacity {
  /** Total usable bytes of the medium. */
  bytes: number;
  /** Bytes the medium spends per block beyond its data (SIMH: two length words). */
  perBlockOverhead: number;
  /** Bytes the medium spends per filemark. */
  perFilemarkOverhead: number;
}

/**
 * A tape drive with Linux st semantics. One user at a time (open fails with TAPE_BUSY).
 * - setBlockSize(n>0): fixed mode, a write of N bytes makes N/n blocks and N must be a multiple of n
 *   (else TAPE_INVALID_ARGUMENT, errno EINVAL); reads must also be whole blocks.
 *   setBlockSize(0): variable mode, one write = one block, one read = one block.
 * - read returns 0 at a filemark (the next read gives the next file); at end of data it returns 0
 *   once and then fails with TAPE_END_OF_DATA (or fails at once, as tgt does: callers accept both).
 * - Any write discards everything after it on the tape. Close, rewind or spacing after a write
 *   writes one filemark first.
 * - End of medium: TAPE_END_OF_MEDIUM (ENOSPC).
 */
export interface TapeDrive {
  /** What the operator typed: a .tap path or /dev/nstN. */
  readonly target: string;
  /** Which implementation, for messages and the catalog. */
  readonly kind: 'simh' | 'linux-st';
  /** Best bytes per read()/write() call (callers round down to whole blocks). */
  readonly transferBytes: number;
  /** Opens the drive; 'write' fails with TAPE_WRITE_PROTECTED on a protected cartridge. */
  open(mode: TapeOpenMode): Promise<void>;
  /** Current status (works without a cartridge for a real drive). */
  status(): Promise<TapeStatus>;
  /** Known capacity, or undefined when the drive cannot tell. */
  capacity(): Promise<TapeCapacity | undefined>;
  /** Rewinds to BOT (writes a filemark first when the last operation was a write). */
  rewind(): Promise<void>;
  /** 0 = variable block mode; n > 0 = fixed n-byte blocks. */
  setBlockSize(bytes: number): Promise<void>;
  /** Writes data; the drive does not keep a reference to it after the promise resolves. */
  write(data: Uint8Array): Promise<void>;
  /** Writes count filemarks (MTWEOF) and waits until they are on the medium. */
  writeFilemarks(count?: number): Promise<void>;
  /** Reads into `into`; returns bytes read, 0 at a filemark. Fixed mode: into.length must be whole blocks. */
  read(into: Uint8Array): Promise<number>;
  /** count > 0: forward past count filemarks (MTFSF); count < 0: back before them (MTBSF). */
  spaceFiles(count: number): Promise<void>;
  /** Flushes and releases the drive (never rewinds: the no-rewind device). */
  close(): Promise<void>;
}

/** The block size every record except record 4 uses, and the unit of the dummy TOC. */
export const AIX_BLOCK_SIZE = 512;

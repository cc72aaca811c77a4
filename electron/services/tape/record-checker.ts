/**
 * Checks one tape record as its bytes stream past: SHA-256 of the content, zero padding after it,
 * byte comparison with the image file, the ArchiveParser for records 2 and 4 (and ./tapeblksz),
 * and the record-3 TOC. `finish` turns what was seen into a VerifiedRecord and problems.
 */
import { createHash } from 'node:crypto';
import { ArchiveParser } from '../aix/archive-parser.ts';
import { dummyTocBlock } from './dummy-toc.ts';
import { RECORD_KINDS } from './four-record-writer.ts';
import { ImageComparator } from './image-comparator.ts';
import type { TapeFileRead } from './record-reader.ts';
import { tapeblkszError } from '../aix/tapeblksz.ts';
import { seriousProblems, TapeblkszCollector, tapeblkszFrom, type TapeblkszInfo } from './record-two.ts';
import { AIX_BLOCK_SIZE } from './tape-drive.ts';
import type { VerifiedRecord } from './tape-verifier.ts';
import { problem, type VerifyProblem } from './verify-problems.ts';

/** What a record should hold, when it is known. */
export interface ExpectedContent {
  /** Content length (the image size). */
  bytes: number;
  /** Image file to compare with byte for byte. */
  file?: string;
  /** SHA-256 to compare with (from a WriteResult). */
  sha256?: string;
  /** Compare with the standard dummy TOC block. */
  tocBlock?: boolean;
}

/** How many archive problems one record lists (all are counted in the message). */
const MAX_ARCHIVE_PROBLEMS = 5;

/** Per-record streaming checks. */
export class RecordChecker {
  readonly #index: 1 | 2 | 3 | 4;
  readonly #expected: ExpectedContent | undefined;
  readonly #hash = createHash('sha256');
  readonly #comparator: ImageComparator | undefined;
  readonly #collector = new TapeblkszCollector();
  readonly #parser: ArchiveParser | undefined;
  #padding = 0;
  #paddingNonZeroAt: number | undefined;
  #tocDifference: number | undefined;

  /** `decodePackedMksysb`: also decode record 4's packed members (slow: ~25 MB/s of packed data). */
  constructor(index: 1 | 2 | 3 | 4, expected: ExpectedContent | undefined, decodePackedMksysb = false) {
    this.#index = index;
    this.#expected = expected;
    this.#comparator = expected?.file ? new ImageComparator(expected.file) : undefined;
    // Record 2 is small: decode its packed members too. Record 4 is listed by its headers unless asked.
    if (index === 2) this.#parser = new ArchiveParser({ ...this.#collector.parserOptions, decodePacked: true });
    else if (index === 4) this.#parser = new ArchiveParser({ decodePacked: decodePackedMksysb });
  }

  /** Takes the next bytes of the record, at `offset` from its start. */
  async feed(chunk: Buffer, offset: number): Promise<void> {
    const limit = this.#expected?.bytes ?? Number.POSITIVE_INFINITY;
    const contentLen = Math.max(0, Math.min(chunk.length, limit - offset));
    const content = chunk.subarray(0, contentLen);
    if (contentLen > 0) {
      this.#hash.update(content);

      this.#parser?.write(content);
      await this.#comparator?.feed(content, offset);
      if (this.#expected?.tocBlock && this.#tocDifference === undefined) {
        const toc = dummyTocBlock().subarray(offset, offset + contentLen);
        if (!toc.equals(content)) {
          let i = 0;
          while (i < contentLen && toc[i] === content[i]) i++;
          this.#tocDifference = offset + i;
        }
      }
    }
    if (contentLen < chunk.length) {
      const pad = chunk.subarray(contentLen);
      this.#padding += pad.length;
      if (this.#paddingNonZeroAt === undefined) {
        const i = pad.findIndex((b) => b !== 0);
        if (i >= 0) this.#paddingNonZeroAt = offset + contentLen + i;
      }
    }
  }

  /** Releases files when the record could not be read to its end. */
  async close(): Promise<void> {
    await this.#comparator?.close();
  }

  /** Final checks once the whole file was read. */
  async finish(read: TapeFileRead): Promise<{ record: VerifiedRecord; problems: VerifyProblem[]; tapeblksz: TapeblkszInfo | null }> {
    await this.close();
    const index = this.#index;
    const problems: VerifyProblem[] = [];
    const exp = this.#expected;
    const runs = read.runs;
    const first = runs[0]?.size ?? 0;

    if (index < 4) {
      const bad = runs.find((r) => r.size !== AIX_BLOCK_SIZE);
      if (bad)
        problems.push(
          problem(
            'BLOCK_SIZE',
            `record ${index} has ${bad.size}-byte blocks; AIX needs 512-byte blocks for records 1-3 (firmware boot and the installer read them at 512)`,
            index,
            bad.offset,
          ),
        );
    } else if (runs.length > 1) {
      problems.push(
        problem('MIXED_BLOCK_SIZES', `record 4 changes block size from ${runs[0]!.size} to ${runs[1]!.size} bytes`, index, runs[1]!.offset),
      );
    }
    if (index === 3 && (read.blocks !== 1 || read.bytes !== AIX_BLOCK_SIZE)) {
      problems.push(
        problem('TOC_SIZE', `record 3 (dummy TOC) must be one 512-byte block; it has ${read.blocks} block(s), ${read.bytes} bytes`, 3),
      );
    }
    if (this.#tocDifference !== undefined) {
      problems.push(
        problem('TOC_CONTENT', `record 3 differs from the dummy TOC block at byte ${this.#tocDifference}`, 3, this.#tocDifference),
      );
    }

    let contentOk = true;
    if (exp) {
      const lastBlock = runs[runs.length - 1]?.size ?? AIX_BLOCK_SIZE;
      if (read.bytes < exp.bytes) {
        contentOk = false;
        problems.push(
          problem('SHORT_RECORD', `record ${index} holds ${read.bytes} bytes but its image has ${exp.bytes}`, index, read.bytes),
        );
      } else if (read.bytes - exp.bytes >= lastBlock) {
        contentOk = false;
        problems.push(
          problem(
            'LONG_RECORD',
            `record ${index} holds ${read.bytes} bytes, more than its ${exp.bytes}-byte image plus one block of padding`,
            index,
            exp.bytes,
          ),
        );
      }
      if (this.#paddingNonZeroAt !== undefined) {
        contentOk = false;
        problems.push(
          problem(
            'PADDING_NOT_ZERO',
            `record ${index}: the padding after the image is not zeros (byte ${this.#paddingNonZeroAt})`,
            index,
            this.#paddingNonZeroAt,
          ),
        );
      }
      const diff = this.#comparator?.firstDifference;
      if (diff !== undefined) {
        contentOk = false;
        problems.push(problem('CONTENT_MISMATCH', `record ${index} differs from ${exp.file} at byte ${diff}`, index, diff));
      }
      if (this.#tocDifference !== undefined) contentOk = false;
    }
    const sha256 = this.#hash.digest('hex');
    if (exp?.sha256 !== undefined && exp.sha256 !== sha256) {
      contentOk = false;
      problems.push(problem('HASH_MISMATCH', `record ${index} SHA-256 ${sha256} differs from the one written (${exp.sha256})`, index));
    }

    let tapeblksz: TapeblkszInfo | null = null;
    let archive: VerifiedRecord['archive'];
    if (this.#parser) {
      const summary = this.#parser.end();
      const serious = seriousProblems(summary);
      if (index === 2) {
        const t = tapeblkszFrom(this.#collector, []);
        tapeblksz = t.tapeblksz;
        if (this.#collector.present && !tapeblksz) {
          problems.push(
            problem(
              'TAPEBLKSZ_INVALID',
              `./tapeblksz in record 2 does not read "<blocksize> <blocks|NONE>": ${JSON.stringify((this.#collector.text ?? '').slice(0, 40))}`,
              2,
            ),
          );
        }
        const ruleBroken = tapeblksz ? tapeblkszError(tapeblksz) : null;
        if (ruleBroken !== null)
          problems.push(problem('TAPEBLKSZ_INVALID', `./tapeblksz in record 2 says "${tapeblksz?.text}": ${ruleBroken}`, 2));
      }
      for (const p of serious.slice(0, MAX_ARCHIVE_PROBLEMS)) {
        const more = serious.length > MAX_ARCHIVE_PROBLEMS ? ` (${summary.problemCount} archive problems in all)` : '';
        problems.push(problem('ARCHIVE_PROBLEM', `record ${index} archive: ${p.code}: ${p.message}${more}`, index, p.offset));
      }
      archive = { members: summary.memberCount, complete: serious.length === 0 && summary.endOffset !== null };
    }

    const record: VerifiedRecord = {
      index,
      kind: RECORD_KINDS[index - 1]!,
      blockSize: first,
      blockSizes: runs.map((r) => ({ ...r })),
      blocks: read.blocks,
      bytes: exp ? Math.min(read.bytes, exp.bytes) : read.bytes,
      paddingBytes: exp ? this.#padding : undefined,
      sha256,
    };
    if (exp) record.matches = contentOk;
    if (archive) record.archive = archive;
    return { record, problems, tapeblksz };
  }
}

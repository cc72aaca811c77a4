/** Host-side checks of what a rig guest read back (guest-lib.sh dd_readback) and what tgt stored. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMtStatus } from './mt-status.ts';
import type { RigRun } from './rig.ts';
import { parseCartridge, recordSizeSummary } from './tgt-cartridge.ts';

/** The four images of a mksysb tape, in tape order, and record 4's block size (tapeblksz). */
export interface TapeImages {
  files: [Buffer, Buffer, Buffer, Buffer];
  tapeblksz: number;
}

/** Block size of tape file n (1-based): 512 for the first three, tapeblksz for the mksysb. */
export function blockSizeOf(images: TapeImages, n: number): number {
  return n === 4 ? images.tapeblksz : 512;
}

/** Image n as it must come back from tape: NUL-padded to whole blocks (dd conv=sync). */
export function onTape(images: TapeImages, n: number): Buffer {
  const image = images.files[n - 1]!;
  const bs = blockSizeOf(images, n);
  return Buffer.concat([image, Buffer.alloc((bs - (image.length % bs)) % bs)]);
}

/** Everything wrong with a dd_readback run named `prefix`; empty when the tape holds exactly the images. */
export async function readbackProblems(run: RigRun, prefix: string, images: TapeImages): Promise<string[]> {
  const problems: string[] = [];
  const step = (name: string): { rc: number; out: string; err: string } => {
    const s = run.steps.get(`${prefix}-${name}`);
    if (!s) {
      problems.push(`step ${prefix}-${name} never ran`);
      return { rc: -1, out: '', err: '' };
    }
    return s;
  };
  const compare = async (file: string, n: number): Promise<void> => {
    const back = await readFile(join(run.outDir, 'readback', file)).catch(() => Buffer.alloc(0));
    const want = onTape(images, n);
    if (!back.equals(want))
      problems.push(`${file}: read back ${back.length} bytes that differ from image ${n} (${want.length} bytes on tape)`);
  };
  for (const n of [1, 2, 3, 4]) {
    const r = step(`read-${n}`);
    if (r.rc !== 0) problems.push(`dd read of file ${n} failed: ${r.err.trim()}`);
    await compare(`${prefix}-${n}`, n);
    const records = step(`records-${n}`);
    const want = `${onTape(images, n).length / blockSizeOf(images, n)}+0 records in`;
    if (records.rc !== 0 || !records.err.includes(want)) {
      problems.push(`file ${n} is not all ${blockSizeOf(images, n)}-byte records (want "${want}"): ${records.err.trim()}`);
    }
  }
  const eod = step('read-eod');
  if (!eod.err.includes('0+0 records in')) problems.push(`a read after file 4 returned data: ${eod.err.trim()}`);
  const fsf = step('status-fsf');
  if (fsf.rc === 0) {
    const s = parseMtStatus(fsf.out);
    if (s.fileNumber !== 3 || s.blockNumber !== 0) problems.push(`after rewind + fsf 3: file ${s.fileNumber} block ${s.blockNumber}`);
  } else {
    problems.push(`mt-st status after fsf 3 failed: ${fsf.err.trim()}`);
  }
  if (step('read-4-fsf').rc !== 0) problems.push('dd read of file 4 after fsf 3 failed');
  await compare(`${prefix}-4-fsf`, 4);
  return problems;
}

/** Everything wrong with cartridge `lun` as tgt stored it, compared with the images; empty when exact. */
export function cartridgeProblems(run: RigRun, lun: number, images: TapeImages): string[] {
  const files = parseCartridge(run.cartridges.get(lun) ?? '');
  const problems: string[] = [];
  if (files.length !== 4) problems.push(`cartridge ${lun} holds ${files.length} files, not 4`);
  files.slice(0, 4).forEach((file, i) => {
    const n = i + 1;
    const bs = blockSizeOf(images, n);
    const want = `${bs}×${onTape(images, n).length / bs}`;
    if (recordSizeSummary(file) !== want) problems.push(`file ${n} records: ${recordSizeSummary(file)}, want ${want}`);
    if (!file.endsWithFilemark) problems.push(`file ${n} has no filemark`);
  });
  return problems;
}

/** Random images with odd sizes (every file but the TOC ends in a partial block that must be NUL-padded). */
export function randomTapeImages(mksysbBytes = 4 * 1024 * 1024 + 100, tapeblksz = 1024): TapeImages {
  return {
    files: [randomBytes(300 * 1024 + 17), randomBytes(64 * 1024 + 5), randomBytes(512), randomBytes(mksysbBytes)],
    tapeblksz,
  };
}

/** Puts the images where the scenario scripts look for them: outDir/images/{1,2,3,4,tapeblksz}. */
export async function stageImages(outDir: string, images: TapeImages): Promise<void> {
  await mkdir(join(outDir, 'images'), { recursive: true });
  for (const [i, image] of images.files.entries()) await writeFile(join(outDir, 'images', String(i + 1)), image);
  await writeFile(join(outDir, 'images', 'tapeblksz'), `${images.tapeblksz}\n`);
}

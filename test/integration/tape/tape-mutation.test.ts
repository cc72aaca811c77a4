// Issue 14 "tape-level mutation test": a few hundred seeded mutants of a written tape (bit flips,
// truncation, dropped/duplicated/swapped records, moved filemarks, odd length words, junk).
// `verify --images` must never pass a tape whose records differ from the image set, must always
// come back with a verdict (no crash), and must not hang (a per-mutant time guard).
// Whether a mutant "differs" is decided here by an independent reading of the SIMH bytes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageSet } from '../../../electron/services/aix/synthetic/image-set.ts';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { type VerifyResult, verifyTape } from '../../../electron/services/tape/tape-verifier.ts';

const SEED = 0x5eed_0014;
const MUTANTS = 300;
const CLI_MUTANTS = 5;
const GUARD_MS = 15_000;

type Obj = { kind: 'mark' } | { kind: 'record'; data: Buffer<ArrayBufferLike> };

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** SIMH bytes of an object list (length, data, pad byte for odd lengths, length). */
function encode(objs: Obj[]): Buffer {
  const parts: Buffer[] = [];
  for (const o of objs) {
    const word = Buffer.alloc(4);
    if (o.kind === 'mark') {
      parts.push(word);
      continue;
    }
    word.writeUInt32LE(o.data.length);
    parts.push(word, o.data, ...(o.data.length & 1 ? [Buffer.alloc(1)] : []), word);
  }
  return Buffer.concat(parts);
}

/** The objects a well-formed .tap holds, or null for any framing a tape could not be read as. */
function decode(buf: Buffer): Obj[] | null {
  const out: Obj[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) return null;
    const w = buf.readUInt32LE(at);
    if (w === 0) {
      out.push({ kind: 'mark' });
      at += 4;
      continue;
    }
    if (w === 0xffffffff) break;
    if (w === 0xfffffffe) {
      at += 4;
      continue;
    }
    if (w === 0xfffeffff) {
      at += 2;
      continue;
    }
    if (w >>> 28 !== 0 || w === 0) return null;
    const end = at + 8 + w + (w & 1);
    if (end > buf.length || buf.readUInt32LE(end - 4) !== w) return null;
    out.push({ kind: 'record', data: buf.subarray(at + 4, at + 4 + w) });
    at = end;
  }
  return out;
}

/** Same records and filemarks as the original (extra filemarks at the very end are end-of-data, not content). */
function sameTape(original: Obj[], mutant: Obj[] | null): boolean {
  if (!mutant || mutant.length < original.length) return false;
  for (let i = 0; i < mutant.length; i++) {
    const m = mutant[i]!;
    const o = original[i];
    if (!o) {
      if (m.kind !== 'mark') return false;
      continue;
    }
    if (m.kind !== o.kind) return false;
    if (m.kind === 'record' && !m.data.equals((o as { data: Buffer }).data)) return false;
  }
  return true;
}

/** One seeded mutation: its name and the mutant bytes. */
function mutate(original: Obj[], bytes: Buffer, rand: (n: number) => number): { name: string; tap: Buffer } {
  const objs: Obj[] = original.map((o) => (o.kind === 'mark' ? o : { kind: 'record' as const, data: Buffer.from(o.data) }));
  const records = objs.flatMap((o, i) => (o.kind === 'record' ? [i] : []));
  const marks = objs.flatMap((o, i) => (o.kind === 'mark' ? [i] : []));
  const pick = <T>(xs: T[]): T => xs[rand(xs.length)]!;
  switch (rand(9)) {
    case 0: {
      const tap = Buffer.from(bytes);
      const flips = 1 + rand(3);
      const where: number[] = [];
      for (let i = 0; i < flips; i++) {
        const at = rand(tap.length);
        tap[at] = tap[at]! ^ (1 << rand(8));
        where.push(at);
      }
      return { name: `bit flip at ${where.join(',')}`, tap };
    }
    case 1: {
      const at = rand(bytes.length);
      return { name: `truncated to ${at} bytes`, tap: Buffer.from(bytes.subarray(0, at)) };
    }
    case 2: {
      const i = pick(records);
      objs.splice(i, 1);
      return { name: `record object ${i} dropped`, tap: encode(objs) };
    }
    case 3: {
      const i = pick(records);
      objs.splice(i, 0, objs[i]!);
      return { name: `record object ${i} duplicated`, tap: encode(objs) };
    }
    case 4: {
      const i = pick(records);
      const j = pick(records);
      [objs[i], objs[j]] = [objs[j]!, objs[i]!];
      return { name: `record objects ${i} and ${j} swapped`, tap: encode(objs) };
    }
    case 5: {
      const i = pick(marks);
      objs.splice(i, 1);
      const j = rand(objs.length + 1);
      objs.splice(j, 0, { kind: 'mark' });
      return { name: `filemark ${i} moved to ${j}`, tap: encode(objs) };
    }
    case 6: {
      // A record cut to an odd length, framed correctly (pad byte and all).
      const i = pick(records);
      const r = objs[i] as { kind: 'record'; data: Buffer<ArrayBufferLike> };
      const len = 1 + 2 * rand(r.data.length / 2);
      objs[i] = { kind: 'record', data: r.data.subarray(0, len) };
      return { name: `record object ${i} framed at odd length ${len}`, tap: encode(objs) };
    }
    case 7: {
      // An odd length word on one side of a frame only.
      const i = pick(records);
      const before = encode(objs.slice(0, i)).length;
      const len = (objs[i] as { data: Buffer }).data.length;
      const tap = Buffer.from(bytes);
      const at = rand(2) === 0 ? before : before + 4 + len + (len & 1);
      tap.writeUInt32LE((len + 1 + 2 * rand(4)) | 1, at);
      return { name: `odd length word at ${at}`, tap };
    }
    default: {
      const junk = Buffer.alloc(1 + rand(40));
      for (let k = 0; k < junk.length; k++) junk[k] = rand(256);
      const at = rand(bytes.length + 1);
      return { name: `${junk.length} junk bytes inserted at ${at}`, tap: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]) };
    }
  }
}

function guard<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} took over ${GUARD_MS} ms`)), GUARD_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

let root: string;
let images: string;
let original: Obj[];
let originalBytes: Buffer;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-mutants-'));
  images = path.join(root, 'images');
  await writeImageSet(images, { mksysbSize: 256 * 1024, bootBlocks: 8, tapeblksz: '1024 NONE' });
  const tape = path.join(root, 'good.tap');
  await writeFourRecordTape(new SimhTapeDrive(tape, { durable: false }), images);
  originalBytes = fs.readFileSync(tape);
  original = decode(originalBytes)!;
  expect((await verifyTape(new SimhTapeDrive(tape), { images })).ok).toBe(true);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('verify --images on seeded mutants of a written tape', () => {
  it(`never passes one of ${MUTANTS} mutants whose records differ, always gives a verdict, never hangs`, async () => {
    const rand = prng(SEED);
    const file = path.join(root, 'mutant.tap');
    let differing = 0;
    for (let n = 0; n < MUTANTS; n++) {
      const { name, tap } = mutate(original, originalBytes, rand);
      fs.writeFileSync(file, tap);
      const what = `mutant ${n} (${name})`;
      const result: VerifyResult | Error = await guard(verifyTape(new SimhTapeDrive(file), { images }), what).catch((err: unknown) =>
        err instanceof Error ? err : new Error(String(err)),
      );
      expect(result, `${what}: verify threw instead of giving a verdict`).not.toBeInstanceOf(Error);
      if (sameTape(original, decode(tap))) continue;
      differing++;
      const r = result as VerifyResult;
      expect(r.ok, `${what}: verify passed a tape whose records differ from the image set`).toBe(false);
      expect(r.problems.length, what).toBeGreaterThan(0);
    }
    // Nearly every mutation changes the records: the test is about those.
    expect(differing).toBeGreaterThan(MUTANTS * 0.9);
  }, 120_000);

  it(`the real CLI fails ${CLI_MUTANTS} mutants with exit 1 and ok: false`, async () => {
    const rand = prng(SEED ^ 0xc11);
    const bin = path.resolve('bin/sysbtape.js');
    let done = 0;
    while (done < CLI_MUTANTS) {
      const { name, tap } = mutate(original, originalBytes, rand);
      if (sameTape(original, decode(tap))) continue;
      const file = path.join(root, `cli-${done}.tap`);
      fs.writeFileSync(file, tap);
      const child = spawn(process.execPath, [bin, 'verify', '--tape', file, '--images', images, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      const code = await guard(new Promise<number | null>((resolve) => child.once('exit', resolve)), `CLI verify of ${name}`).catch(
        (e: unknown) => {
          child.kill('SIGKILL');
          throw e;
        },
      );
      expect(code, `${name}: ${err}`).toBe(1);
      expect((JSON.parse(out) as { ok: boolean }).ok, name).toBe(false);
      done++;
    }
  }, 120_000);
});

// A real four-record write and read-back on a SIMH .tap file, recorded in a real SQLite catalog, then identified by hashes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { verificationFromTapeResult, writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { verifyTape } from '../../../electron/services/tape/tape-verifier.ts';
import { makeImageSet, useTempDirs } from '../../unit/tape/tape-fixtures.ts';

const tempDir = useTempDirs();

describe('tape results into the catalog', () => {
  it('records a real write and verification, and identifies the tape from a fresh read-back', async () => {
    const dir = tempDir();
    const images = await makeImageSet(path.join(dir, 'images'), { tapeblksz: '1024 NONE' });
    const tap = path.join(dir, 'tape.tap');
    const written = await writeFourRecordTape(new SimhTapeDrive(tap, { durable: false }), images);

    const cat = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    cat.cartridges.add({ volser: 'TAP001', mediaId: 'L8' });
    const w = cat.writes.record(writeFromTapeResult(written, { volser: 'TAP001' }));
    expect(w.records.map((r) => r.blockSize)).toEqual([512, 512, 512, 1024]);
    expect(w.records.map((r) => r.sha256)).toEqual(written.records.map((r) => r.sha256));

    const verified = await verifyTape(new SimhTapeDrive(tap, { durable: false }), {
      expected: w.records.map((r) => ({ index: r.index as 1 | 2 | 3 | 4, bytes: r.bytes, sha256: r.sha256 })),
    });
    expect(verified.ok).toBe(true);
    const v = cat.verifications.record(
      verificationFromTapeResult(verified, { volser: 'TAP001', writeId: w.id, verifiedAt: new Date().toISOString() }),
    );
    expect(v.verdict).toBe('pass');
    expect(v.records.map((r) => r.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(v.mksysbMemberCount).toBeGreaterThan(0);
    expect(cat.cartridges.require('TAP001').status).toBe('verified');

    // A shelved tape without its label: read it with no expectations and ask the catalog.
    const blind = await verifyTape(new SimhTapeDrive(tap, { durable: false }));
    const matches = cat.identify(blind.records.map((r) => r.sha256));
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ volser: 'TAP001', writeId: w.id, complete: true, matchedRecords: [1, 2, 4] });

    // Damage record 4 on the tape: the next verification fails and the history keeps both.
    const size = fs.statSync(tap).size;
    const fd = fs.openSync(tap, 'r+');
    fs.writeSync(fd, Buffer.from([0xff, 0xfe, 0xfd]), 0, 3, size - 2048);
    fs.closeSync(fd);
    const bad = await verifyTape(new SimhTapeDrive(tap, { durable: false }), {
      expected: w.records.map((r) => ({ index: r.index as 1 | 2 | 3 | 4, bytes: r.bytes, sha256: r.sha256 })),
    });
    expect(bad.ok).toBe(false);
    cat.verifications.record(
      verificationFromTapeResult(bad, { volser: 'TAP001', writeId: w.id, verifiedAt: new Date(Date.now() + 1000).toISOString() }),
    );
    const h = cat.history('TAP001');
    expect(h.verifications.map((x) => x.verdict)).toEqual(['fail', 'pass']);
    expect(h.verifications[0]!.problems.length).toBeGreaterThan(0);
    expect(h.cartridge.status).toBe('failed');
    cat.close();
  });
});

import { describe, expect, it } from 'vitest';
import { identifyImage } from '../../../electron/services/aix/identify.ts';
import { fixture } from './fixtures.ts';
import { archiveOf } from './small-archive.ts';

describe('identify', () => {
  it('recognises each record of an image set from its contents', () => {
    const mksysb = archiveOf([
      ['./bosinst.data', 'control_flow:\n'],
      ['./image.data', 'image_data:\n'],
      ['./etc/hosts', '127.0.0.1 loopback\n'],
    ]);
    expect(identifyImage(mksysb, mksysb.length).kind).toBe('mksysb');
    const inst = archiveOf([
      ['./tapeblksz', '512 NONE\n'],
      ['./image.data', 'x'],
      ['./bosinst.data', 'y'],
    ]);
    expect(identifyImage(inst, inst.length)).toEqual({
      kind: 'mkinsttape',
      reason: 'a backup-by-name archive holding ./tapeblksz, as mkinsttape writes',
    });
    const boot = Buffer.alloc(2048);
    boot.writeUInt32BE(0xc9c2d4c1, 0);
    expect(identifyImage(boot, boot.length).kind).toBe('boot-image');
    const toc = Buffer.alloc(512);
    toc.write('Dummy tape TOC\n');
    expect(identifyImage(toc, 512).kind).toBe('dummy-toc');
  });

  it('calls other archives and other files what they are', () => {
    const bff = fixture('test.bff');
    expect(identifyImage(bff, bff.length).kind).toBe('backup-archive');
    expect(identifyImage(Buffer.from('hello'), 5).kind).toBe('unknown');
    expect(identifyImage(Buffer.alloc(0), 0)).toEqual({ kind: 'unknown', reason: 'the file is empty' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseDfK } from '../../../electron/services/ssh/aix-df.ts';

describe('parseDfK', () => {
  it('reads AIX df -k lines and skips the header and /proc', () => {
    const text = [
      'Filesystem    1024-blocks      Free %Used    Iused %Iused Mounted on',
      '/dev/hd4           524288    312000   41%     5000     7% /',
      '/dev/hd2          4194304   1048576   75%    60000    20% /usr',
      '/proc                   -         -    -         -     -  /proc',
      '/dev/fslv00       1048576    100000   91%       12     1% /export/mk sysb',
    ].join('\n');
    expect(parseDfK(text)).toEqual([
      { device: '/dev/hd4', sizeKb: 524288, freeKb: 312000, usedKb: 212288, mount: '/' },
      { device: '/dev/hd2', sizeKb: 4194304, freeKb: 1048576, usedKb: 3145728, mount: '/usr' },
      { device: '/dev/fslv00', sizeKb: 1048576, freeKb: 100000, usedKb: 948576, mount: '/export/mk sysb' },
    ]);
  });
});

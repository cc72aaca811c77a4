/** The settings file (settings.json): absent is empty, bad is a clear error naming the file and the field, saves keep the rest. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, saveLibrarySettings, settingsPath } from '../../../electron/services/settings/settings-file.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

describe('settings file', () => {
  it('lives in the sysbtape home unless SYSBTAPE_SETTINGS names another', () => {
    expect(settingsPath({})).toBe(path.join(process.env.SYSBTAPE_HOME!, 'settings.json'));
    expect(settingsPath({ SYSBTAPE_SETTINGS: '/etc/sysbtape/settings.json' })).toBe('/etc/sysbtape/settings.json');
  });

  it('absent is empty; the library is saved, read back, and removed', () => {
    const file = path.join(tempDir(), 'sub', 'settings.json');
    expect(loadSettings(file)).toEqual({ version: 1 });
    saveLibrarySettings({ changer: '/dev/sg3', tape: '/dev/nst0' }, file);
    expect(loadSettings(file)).toEqual({ version: 1, library: { changer: '/dev/sg3', tape: '/dev/nst0', afterVerify: 'slot' } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ library: { changer: '/dev/sg3' } });
    saveLibrarySettings(null, file);
    expect(loadSettings(file)).toEqual({ version: 1 });
  });

  it('refuses a bad file with its name and the field at fault', () => {
    const file = path.join(tempDir(), 'settings.json');
    writeFileSync(file, '{ "version": 1, ');
    expect(() => loadSettings(file)).toThrow(new RegExp(`settings file ${file} is not valid JSON`));
    writeFileSync(file, JSON.stringify({ version: 1, library: { changer: 'sg3' } }));
    expect(() => loadSettings(file)).toThrow(/library\.changer: changer: an absolute device path like \/dev\/sg3, or sim:\/folder/);
    writeFileSync(file, JSON.stringify({ version: 1, library: { changer: '/dev/sg3', tape: '/dev/st0' } }));
    expect(() => loadSettings(file)).toThrow(/library\.tape: the library drive must be a non-rewinding device/);
    expect(() => saveLibrarySettings({ changer: '/dev/sg3', afterVerify: 'shelf' as never }, file)).toThrow();
  });
});

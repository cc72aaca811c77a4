/**
 * Notification settings from the app: the password and token go to the app's secret store, never into the
 * settings file the CLI reads; a password the CLI left in the file is kept until one is typed in the app;
 * the events the app shows include "tape needed" for a scheduled server whose newest capture is on no tape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notifyHandlers, SMTP_PASSWORD_KEY, WEBHOOK_TOKEN_KEY, withAppSecrets } from '../../../electron/services/api/notify-handlers.ts';
import { MemorySecretStore } from '../../../electron/services/api/secret-store.ts';
import { loadNotifyConfig, saveNotifyConfig } from '../../../electron/services/notify/notify-config.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';
import { fleetCatalog } from './fleet-fixtures.ts';

const tempDir = useTempDirs();
const EMAIL = {
  host: 'mail.example',
  port: 587,
  starttls: true,
  user: 'ops',
  from: 'sb@example.com',
  to: ['ops@example.com'],
  caFile: null,
};

describe('notification settings from the app', () => {
  it('keeps the password in the secret store, not the file; a CLI password in the file stays until one is typed', async () => {
    const dir = tempDir();
    const catalog = await fleetCatalog(dir, new Date());
    const file = path.join(dir, 'notify.json');
    const secrets = new MemorySecretStore();
    const h = notifyHandlers({ catalog, secrets, configPath: file });
    try {
      // Set by the CLI: the password in the 0600 file.
      saveNotifyConfig(
        {
          version: 1,
          email: {
            host: 'mail.example',
            port: 587,
            implicitTls: false,
            user: 'ops',
            password: 'from-cli',
            from: 'sb@example.com',
            to: ['ops@example.com'],
          },
          webhooks: [],
          events: ['job-failed'],
        },
        file,
      );
      expect((await h.getNotifySettings({})).email).toMatchObject({ passwordIn: 'file', starttls: true });
      await h.setNotifySettings({ email: { ...EMAIL, password: null }, webhook: null, events: ['job-failed', 'tape-needed'] });
      expect(loadNotifyConfig(file)?.email?.password).toBe('from-cli');

      await h.setNotifySettings({ email: { ...EMAIL, password: 'typed-in-app' }, webhook: null, events: ['job-failed'] });
      expect(fs.readFileSync(file, 'utf8')).not.toContain('typed-in-app');
      expect(loadNotifyConfig(file)?.email?.password).toBeUndefined();
      expect(await secrets.get(SMTP_PASSWORD_KEY)).toBe('typed-in-app');
      expect((await h.getNotifySettings({})).email?.passwordIn).toBe('keyring');
      expect((await withAppSecrets(loadNotifyConfig(file)!, secrets)).email?.password).toBe('typed-in-app');

      await expect(h.setNotifySettings({ email: { ...EMAIL, user: null, password: 'x' }, webhook: null, events: [] })).rejects.toThrow(
        /SMTP password given without a user/,
      );

      // A kept secret never follows the settings to another SMTP host or webhook origin.
      await expect(
        h.setNotifySettings({ email: { ...EMAIL, host: 'evil.example', password: null }, webhook: null, events: [] }),
      ).rejects.toThrow(/SMTP password: required for user ops \(the SMTP host changed: type it again\)/);
      expect(await secrets.get(SMTP_PASSWORD_KEY)).toBe('typed-in-app');
      await h.setNotifySettings({
        email: { ...EMAIL, password: null },
        webhook: { url: 'https://hooks.example/a', token: 'tok' },
        events: [],
      });
      expect(await secrets.get(WEBHOOK_TOKEN_KEY)).toBe('tok');
      await h.setNotifySettings({
        email: { ...EMAIL, password: null },
        webhook: { url: 'https://hooks.example/b', token: null },
        events: [],
      });
      expect((await h.getNotifySettings({})).webhook).toMatchObject({ tokenIn: 'keyring' });
      await h.setNotifySettings({
        email: { ...EMAIL, password: null },
        webhook: { url: 'https://other.example/b', token: null },
        events: [],
      });
      expect((await h.getNotifySettings({})).webhook).toMatchObject({ url: 'https://other.example/b', tokenIn: 'none' });
      expect(await secrets.get(WEBHOOK_TOKEN_KEY)).toBe('');
      // Email off: its password is forgotten too.
      await h.setNotifySettings({ email: null, webhook: null, events: [] });
      expect(await secrets.get(SMTP_PASSWORD_KEY)).toBe('');
    } finally {
      catalog.close();
    }
  });

  it('desktop events: tape needed for a scheduled server whose newest image set is on no verified tape', async () => {
    const dir = tempDir();
    const now = new Date();
    const catalog = await fleetCatalog(dir, now);
    try {
      const h = notifyHandlers({ catalog, secrets: new MemorySecretStore(), configPath: path.join(dir, 'notify.json') });
      const ok = catalog.servers.getByName('aixok')!;
      catalog.schedules.put(ok.id, { everySeconds: 86400 });
      expect((await h.listOpsEvents({})).filter((e) => e.kind === 'tape-needed')).toEqual([]);
      const newer = catalog.imageSets.add({
        serverId: ok.id,
        capturedAt: now.toISOString(),
        osLevel: '7300-02-01',
        mksysbOptions: ['-i'],
        tapeblksz: 512,
        stagingPath: '/stage/new',
        state: 'verified',
        images: [
          { kind: 'boot', fileName: '1_bosboot.img', size: 512, sha256: 'a'.repeat(64) },
          { kind: 'mkinsttape', fileName: '2_mkinsttape.img', size: 512, sha256: 'b'.repeat(64) },
          { kind: 'mksysb', fileName: '4_mksysb.img', size: 512, sha256: 'c'.repeat(64) },
        ],
      });
      expect((await h.listOpsEvents({})).filter((e) => e.kind === 'tape-needed')).toEqual([
        expect.objectContaining({
          server: 'aixok',
          key: `tape-needed:${newer.id}`,
          subject: 'SysbTape: tape needed for aixok',
          fix: `Load a blank or reusable cartridge for aixok and write image set ${newer.id} (New tape).`,
        }),
      ]);
    } finally {
      catalog.close();
    }
  });
});

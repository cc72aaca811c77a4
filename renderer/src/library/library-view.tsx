/**
 * The Library view (issue 20): every drive, storage slot and import/export slot of the tape library with
 * its label (VOLSER), catalog state and retention; Load and Unload; labels the catalog does not know, to
 * add as blank cartridges; and the library settings. A move takes the robot seconds to minutes: while one
 * runs every button waits, and a changer problem (door open, slot empty, drive full, not responding) is
 * shown as the library said it.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { LibrarySlotInfo, LibraryStatus } from '../../../shared/library.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';
import { LibrarySettingsForm } from './library-settings-form.tsx';
import { elementName, SlotCard } from './slot-card.tsx';

/** An unload the operator is asked to confirm. */
interface PendingUnload {
  drive: LibrarySlotInfo;
  to: 'slot' | 'export';
}

const GRID = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 1 } as const;

/** Why unloading this cartridge deserves a second look (its data is not proven yet), or null. */
function unloadWarning(e: LibrarySlotInfo): string | null {
  switch (e.state) {
    case 'writing':
      return `a write to ${e.volser} is under way or was interrupted: its contents are not usable yet.`;
    case 'written':
      return `${e.volser} is written but not verified yet: verify it before it is shelved.`;
    case 'unknown':
      return `a write to ${e.volser} did not finish: its contents are unknown.`;
    case 'failed':
      return `${e.volser} failed its last verification.`;
    default:
      return null;
  }
}

/** The view. */
export function LibraryView() {
  const settings = useLoad(() => call('getLibrarySettings', {}), []);
  const library = useLoad(() => call('getLibrary', {}), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ title: string; error: ApiError } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingUnload | null>(null);
  const [showSettings, setShowSettings] = useState(false);

  const run = async (what: string, title: string, fn: () => Promise<string>): Promise<void> => {
    setBusy(what);
    setError(null);
    setDone(null);
    try {
      setDone(await fn());
    } catch (err) {
      setError({ title, error: toApiError(err) });
    } finally {
      setBusy(null);
      library.reload();
    }
  };
  const load = (e: LibrarySlotInfo): Promise<void> =>
    run(`Loading ${e.volser} from ${elementName(e).toLowerCase()}…`, `Cannot load ${e.volser}`, async () => {
      const r = await call('libraryLoad', { volser: e.volser });
      return r.alreadyLoaded ? `${r.volser} is already in ${r.drive}.` : `Loaded ${r.volser} from ${r.from} into ${r.drive}.`;
    });
  const unload = (p: PendingUnload): Promise<void> =>
    run(
      `Unloading ${p.drive.barcode ?? 'the cartridge'} from ${elementName(p.drive).toLowerCase()}…`,
      'Cannot unload the drive',
      async () => {
        const r = await call('libraryUnload', { to: p.to });
        return `Unloaded ${r.barcode ?? '(no label)'} from ${r.drive} to ${r.to}.`;
      },
    );
  const addUnknown = (lib: LibraryStatus): Promise<void> =>
    run('Adding labels to the catalog…', 'Cannot add the labels', async () => {
      const volsers = lib.unknown.filter((u) => u.mediaId !== null).map((u) => u.volser);
      const r = await call('libraryAddUnknown', { volsers });
      return `Added ${r.added.join(', ')} to the catalog as blank cartridges.`;
    });

  const lib = library.data;
  const notConfigured = settings.data !== null && settings.data.effective === null;
  const drives = lib?.elements.filter((e) => e.kind === 'drive') ?? [];
  const driveFull = drives.length > 0 && drives.every((d) => d.full);
  const addable = lib?.unknown.filter((u) => u.mediaId !== null) ?? [];
  const loadButton = (e: LibrarySlotInfo) =>
    e.full && e.volser && e.state !== 'cleaning' ? (
      <Button
        size="small"
        variant="outlined"
        disabled={busy !== null || driveFull || !e.accessible}
        title={driveFull ? 'The drive is full: unload it first' : undefined}
        aria-label={`Load ${e.volser}`}
        onClick={() => void load(e)}
      >
        Load
      </Button>
    ) : undefined;

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2">
          Library
        </Typography>
        {lib && (
          <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
            {lib.changer}
          </Typography>
        )}
        {lib?.simulated && <Chip size="small" color="info" label="simulated — not hardware" />}
        <Box sx={{ flexGrow: 1 }} />
        <Button
          size="small"
          disabled={busy !== null}
          onClick={() => {
            setDone(null);
            setError(null);
            library.reload();
          }}
        >
          Refresh
        </Button>
        {!notConfigured && (
          <Button size="small" onClick={() => setShowSettings((s) => !s)}>
            {showSettings ? 'Hide settings' : 'Settings'}
          </Button>
        )}
      </Stack>
      {notConfigured && (
        <Alert severity="info">No tape library is configured. Name its changer below; the CLI uses the same settings.</Alert>
      )}
      {settings.data && (notConfigured || showSettings) && (
        <LibrarySettingsForm
          info={settings.data}
          onSaved={() => {
            settings.reload();
            library.reload();
            setShowSettings(false);
          }}
        />
      )}
      {!notConfigured && <ErrorAlert error={library.error} title="The library does not answer" />}
      {busy && (
        <Box role="status" aria-live="polite">
          <Typography variant="body2">{busy}</Typography>
          <LinearProgress />
        </Box>
      )}
      {done && (
        <Alert severity="success" role="status">
          {done}
        </Alert>
      )}
      {error && <ErrorAlert error={error.error} title={error.title} />}
      {lib && (
        <>
          <section aria-label="Drives">
            <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
              Drives{lib.driveTarget ? ` — ${lib.driveTarget}` : ''}
            </Typography>
            <Box sx={GRID}>
              {drives.map((d) => (
                <SlotCard
                  key={d.address}
                  e={d}
                  actions={
                    d.full ? (
                      <Stack direction="row" spacing={0.5}>
                        <Button
                          size="small"
                          variant="outlined"
                          disabled={busy !== null}
                          onClick={() => setPending({ drive: d, to: 'slot' })}
                        >
                          Unload
                        </Button>
                        <Button
                          size="small"
                          disabled={busy !== null || !lib.elements.some((x) => x.kind === 'import-export' && !x.full)}
                          onClick={() => setPending({ drive: d, to: 'export' })}
                        >
                          Export
                        </Button>
                      </Stack>
                    ) : undefined
                  }
                />
              ))}
            </Box>
          </section>
          <section aria-label="Storage slots">
            <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
              Storage slots — {lib.elements.filter((e) => e.kind === 'slot' && e.full).length} of{' '}
              {lib.elements.filter((e) => e.kind === 'slot').length} full
            </Typography>
            <Box sx={GRID}>
              {lib.elements
                .filter((e) => e.kind === 'slot')
                .map((e) => (
                  <SlotCard key={e.address} e={e} actions={loadButton(e)} />
                ))}
            </Box>
          </section>
          {lib.elements.some((e) => e.kind === 'import-export') && (
            <section aria-label="Import/export slots">
              <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
                Import/export slots
              </Typography>
              <Box sx={GRID}>
                {lib.elements
                  .filter((e) => e.kind === 'import-export')
                  .map((e) => (
                    <SlotCard key={e.address} e={e} actions={loadButton(e)} />
                  ))}
              </Box>
            </section>
          )}
          {(lib.unknown.length > 0 || lib.unlabeled.length > 0) && (
            <Alert
              severity="warning"
              aria-label="Reconcile with the catalog"
              action={
                addable.length > 0 ? (
                  <Button color="inherit" size="small" disabled={busy !== null} onClick={() => void addUnknown(lib)}>
                    Add {addable.length} as blank
                  </Button>
                ) : undefined
              }
            >
              <strong>Not in the catalog:</strong>{' '}
              {lib.unknown
                .map(
                  (u) =>
                    `${u.barcode} (${u.where.replace(/ \(address \d+\)/, '')}${u.mediaId ? `, media ${u.mediaId}` : ', no media id: add it in Cartridges'})`,
                )
                .join('; ')}
              {lib.unlabeled.length > 0 && (
                <>
                  {' '}
                  <strong>No readable label:</strong> {lib.unlabeled.join('; ')}
                </>
              )}
            </Alert>
          )}
        </>
      )}
      <Dialog open={pending !== null} onClose={() => setPending(null)} aria-labelledby="unload-title">
        {pending && (
          <>
            <DialogTitle id="unload-title">
              {pending.to === 'export'
                ? `Export ${pending.drive.barcode ?? 'the cartridge'}?`
                : `Unload ${pending.drive.barcode ?? 'the cartridge'}?`}
            </DialogTitle>
            <DialogContent>
              <DialogContentText>
                {pending.to === 'export'
                  ? `The robot puts it in the import/export slot, to be taken off site.`
                  : `The robot puts it back in the slot it came from (or the first empty slot).`}
              </DialogContentText>
              {unloadWarning(pending.drive) && (
                <Alert severity="warning" sx={{ mt: 1 }}>
                  {unloadWarning(pending.drive)}
                </Alert>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setPending(null)}>Keep it in the drive</Button>
              <Button
                variant="contained"
                onClick={() => {
                  const p = pending;
                  setPending(null);
                  void unload(p);
                }}
              >
                {pending.to === 'export' ? 'Export' : 'Unload'}
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </Stack>
  );
}

/**
 * "Take a cartridge from the library" in the tape step, shown when a library is configured: load a slot's
 * cartridge, or let SysbTape pick a reusable one (blank, or past retention and not the newest copy of any
 * server; never one under retention — the rules of `sysbtape run --pick`). Once the drive holds it, the
 * step's target and VOLSER are set to it and the usual tape checks follow.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { LibraryLoadResult } from '../../../shared/library.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';

/** What the step takes over once the cartridge is in the drive. */
export interface LibraryChoice {
  target: string;
  volser: string;
  mediaId: string | null;
}

/** The panel; renders nothing when no library is configured. */
export function LibraryPick({ onLoaded, visits }: { onLoaded: (c: LibraryChoice) => void; visits?: number | undefined }) {
  const settings = useLoad(() => call('getLibrarySettings', {}), [visits]);
  const configured = settings.data?.effective != null;
  const library = useLoad(async () => (configured ? call('getLibrary', {}) : null), [configured, visits]);
  const [slot, setSlot] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loaded, setLoaded] = useState<LibraryLoadResult | null>(null);
  if (!configured) return null;

  const lib = library.data;
  const inDrive = lib?.elements.find((e) => e.kind === 'drive' && e.full);
  const choices = lib?.elements.filter((e) => e.kind !== 'drive' && e.full && e.volser && e.state !== 'cleaning') ?? [];
  const take = async (volser: string | null): Promise<void> => {
    setBusy(volser ? `Loading ${volser}…` : 'Picking a reusable cartridge and loading it…');
    setError(null);
    setLoaded(null);
    try {
      const r = await call('libraryLoad', { volser });
      if (!r.target) throw new Error('the library settings name no drive (/dev/nstN) to write to; set it in the Library view');
      setLoaded(r);
      onLoaded({ target: r.target, volser: r.volser, mediaId: r.mediaId });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
      library.reload();
    }
  };

  return (
    <Paper variant="outlined" component="section" aria-label="Take a cartridge from the library" sx={{ p: 1.5 }}>
      <Typography variant="subtitle2" component="h3">
        Take a cartridge from the library
      </Typography>
      <ErrorAlert error={library.error} title="The library does not answer" />
      {lib && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mt: 1 }}>
          <TextField
            select
            size="small"
            label="Cartridge in the library"
            value={slot}
            sx={{ width: 320 }}
            onChange={(e) => setSlot(e.target.value)}
          >
            {choices.map((e) => (
              <MenuItem key={e.address} value={e.volser!}>
                {`${e.barcode} — ${e.kind === 'slot' ? 'slot' : 'import/export'} ${e.number}, ${e.state === 'unknown-to-catalog' ? 'not in catalog' : e.state}` +
                  `${e.underRetention ? `, kept until ${e.retentionUntil}` : ''}`}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" disabled={busy !== null || slot === '' || inDrive !== undefined} onClick={() => void take(slot)}>
            Load it
          </Button>
          <Button variant="outlined" disabled={busy !== null || inDrive !== undefined} onClick={() => void take(null)}>
            Pick a reusable one
          </Button>
          {inDrive?.volser && loaded?.volser !== inDrive.volser && (
            <Button disabled={busy !== null || !lib.driveTarget} onClick={() => void take(inDrive.volser)}>
              Use {inDrive.volser} in the drive
            </Button>
          )}
        </Stack>
      )}
      {inDrive && !loaded && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          The drive holds {inDrive.barcode ?? 'an unlabeled cartridge'}; unload it in the Library view to load another.
        </Typography>
      )}
      {busy && (
        <div role="status">
          <Typography variant="body2">{busy}</Typography>
          <LinearProgress />
        </div>
      )}
      {loaded && (
        <Alert severity="success" role="status" sx={{ mt: 1 }}>
          {loaded.alreadyLoaded
            ? `${loaded.volser} is in ${loaded.drive}`
            : `Loaded ${loaded.volser} from ${loaded.from} into ${loaded.drive}`}
          {loaded.why ? ` (picked: ${loaded.why})` : ''}. Check this tape below.
        </Alert>
      )}
      <ErrorAlert error={error} title="Cannot take the cartridge" />
    </Paper>
  );
}

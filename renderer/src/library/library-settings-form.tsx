/**
 * The library in the settings file: the changer (a SCSI changer /dev/sgN, or the simulated library's
 * folder for demos and tests), its drive and where a verified cartridge goes. What SYSBTAPE_CHANGER says
 * wins over the file (flag > env > settings > sysfs), and the form says so.
 */
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AfterVerify, LibrarySettingsInfo } from '../../../shared/library.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError } from '../components/use-load.ts';

type Kind = 'scsi' | 'simulated';

/** The form; `onSaved` reloads the view. */
export function LibrarySettingsForm({ info, onSaved }: { info: LibrarySettingsInfo; onSaved: () => void }) {
  const lib = info.library;
  const [kind, setKind] = useState<Kind>(lib?.changer.startsWith('sim:') ? 'simulated' : 'scsi');
  const [changer, setChanger] = useState(lib ? lib.changer.replace(/^sim:/, '') : '');
  const [tape, setTape] = useState(lib?.tape ?? '');
  const [drive, setDrive] = useState(lib?.driveNumber ? String(lib.driveNumber) : '');
  const [afterVerify, setAfterVerify] = useState<AfterVerify>(lib?.afterVerify ?? 'slot');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setSaved(false);
  }, [kind, changer, tape, drive, afterVerify]);

  const save = async (): Promise<void> => {
    setError(null);
    if (drive !== '' && !/^\d+$/.test(drive)) {
      setError(toApiError(new Error(`drive number: a whole number, got '${drive}'`)));
      return;
    }
    try {
      await call('setLibrarySettings', {
        changer: kind === 'simulated' ? `sim:${changer.trim()}` : changer.trim(),
        tape: kind === 'scsi' && tape.trim() !== '' ? tape.trim() : null,
        driveNumber: drive === '' ? null : Number(drive),
        afterVerify,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const clear = async (): Promise<void> => {
    setError(null);
    try {
      await call('setLibrarySettings', { clear: true });
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Paper variant="outlined" component="section" aria-label="Library settings" sx={{ p: 2 }}>
      <Typography variant="subtitle1" component="h3">
        Library settings
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Kept in {info.path}; the CLI reads it too.{' '}
        {info.effective && info.effective.source === 'env'
          ? `SYSBTAPE_CHANGER (${info.effective.changer}) is set and wins over this file.`
          : ''}
      </Typography>
      <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField select size="small" label="Changer" value={kind} sx={{ width: 200 }} onChange={(e) => setKind(e.target.value as Kind)}>
          <MenuItem value="scsi">SCSI changer</MenuItem>
          <MenuItem value="simulated">Simulated library</MenuItem>
        </TextField>
        <TextField
          size="small"
          label={kind === 'scsi' ? 'Changer device (/dev/sgN)' : 'Simulated library folder'}
          value={changer}
          sx={{ width: 280 }}
          helperText={kind === 'simulated' ? 'demo and tests only: not hardware' : 'lsscsi -g lists it as mediumx'}
          onChange={(e) => setChanger(e.target.value)}
        />
        {kind === 'scsi' && (
          <TextField size="small" label="Drive (/dev/nstN)" value={tape} sx={{ width: 160 }} onChange={(e) => setTape(e.target.value)} />
        )}
        <TextField
          size="small"
          label="Drive number"
          value={drive}
          sx={{ width: 120 }}
          helperText="when several"
          onChange={(e) => setDrive(e.target.value)}
        />
        <TextField
          select
          size="small"
          label="After a verified write"
          value={afterVerify}
          sx={{ width: 220 }}
          onChange={(e) => setAfterVerify(e.target.value as AfterVerify)}
        >
          <MenuItem value="slot">back to its slot</MenuItem>
          <MenuItem value="export">to the import/export slot</MenuItem>
          <MenuItem value="stay">stays in the drive</MenuItem>
        </TextField>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
        <Button variant="contained" disabled={changer.trim() === ''} onClick={() => void save()}>
          Save library settings
        </Button>
        {lib && (
          <Button color="inherit" onClick={() => void clear()}>
            Remove library
          </Button>
        )}
        {saved && (
          <Typography variant="body2" role="status">
            Saved.
          </Typography>
        )}
      </Stack>
      <ErrorAlert error={error} title="Cannot save the library settings" />
    </Paper>
  );
}

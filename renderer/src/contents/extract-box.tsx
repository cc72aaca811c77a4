/**
 * Extract the selected members into a folder: a folder chooser (Electron's dialog; in the browser harness
 * the path is typed), where to read from (the staged image set, or a tape when its images are gone),
 * progress with Cancel, and what was extracted.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ExtractSource } from '../../../shared/contents.ts';
import type { JobInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatBytes } from '../components/format.ts';
import { JobProgress } from '../components/job-progress.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError } from '../components/use-load.ts';

/** The extract controls for `selected` members of image set `imageSetId`. */
export function ExtractBox({
  imageSetId,
  staged,
  selected,
  onClear,
}: {
  imageSetId: string;
  staged: boolean;
  selected: string[];
  onClear: () => void;
}) {
  const [folder, setFolder] = useState('');
  const [tape, setTape] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [dialog, setDialog] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [started, setStarted] = useState<JobInfo | null>(null);
  const job = useJob(started);
  useEffect(() => {
    setStarted(null);
  }, [imageSetId]);

  const choose = async (): Promise<void> => {
    setError(null);
    try {
      const picked = await call('chooseFolder', { title: 'Extract into which folder?' });
      if (picked) setFolder(picked);
    } catch (err) {
      const e = toApiError(err);
      // No native dialog (browser harness): the typed path is the way.
      if (e.code === 'UNAVAILABLE') setDialog(false);
      else setError(e);
    }
  };
  const source: ExtractSource | null = staged ? { imageSetId } : tape ? { target: tape, record: 4 } : null;
  const start = async (): Promise<void> => {
    setError(null);
    if (!source) return;
    try {
      setStarted(await call('startExtract', { source, paths: selected, outDir: folder, overwrite }));
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const running = job?.state === 'running';
  const outcome = job?.result?.kind === 'extract' ? job.result.outcome : null;

  return (
    <Stack spacing={1} component="section" aria-label="Extract" sx={{ mt: 1 }}>
      <Typography variant="body2">
        {selected.length === 0
          ? 'Select files or folders to extract.'
          : `${selected.length} selected: ${selected.slice(0, 3).join(', ')}${selected.length > 3 ? ', …' : ''}`}
        {selected.length > 0 && (
          <Button size="small" onClick={onClear} sx={{ ml: 1 }}>
            Clear
          </Button>
        )}
      </Typography>
      {!staged && (
        <TextField
          size="small"
          label="Read from tape (.tap or /dev/nstN)"
          value={tape}
          onChange={(e) => setTape(e.target.value)}
          helperText="The staged images are gone: load a cartridge holding this backup"
          sx={{ maxWidth: 420 }}
        />
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          size="small"
          label="Extract into folder"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          sx={{ flexGrow: 1, minWidth: 260 }}
          helperText={dialog ? 'Choose, or type an absolute path' : 'Type an absolute path; it is created if missing'}
        />
        {dialog && (
          <Button variant="outlined" onClick={() => void choose()}>
            Choose…
          </Button>
        )}
        <FormControlLabel
          control={<Checkbox checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />}
          label="Overwrite existing files"
        />
        <Button variant="contained" disabled={selected.length === 0 || !folder || !source || running} onClick={() => void start()}>
          Extract
        </Button>
      </Stack>
      <ErrorAlert error={error} title="Cannot extract" />
      {job && job.state !== 'done' && <JobProgress job={job} />}
      {outcome && (
        <Alert severity={outcome.ok ? 'success' : 'warning'} role="status">
          Extracted {outcome.files} file(s), {outcome.directories} folder(s), {outcome.symlinks} link(s), {formatBytes(outcome.bytes)} into{' '}
          <code>{outcome.outDir}</code>
          {outcome.skippedCount > 0 && (
            <>
              ; {outcome.skippedCount} skipped:{' '}
              {outcome.skipped
                .slice(0, 5)
                .map((k) => `${k.name} (${k.reason})`)
                .join('; ')}
            </>
          )}
          {outcome.archiveProblems > 0 && <>; the archive has {outcome.archiveProblems} problem(s)</>}
        </Alert>
      )}
    </Stack>
  );
}

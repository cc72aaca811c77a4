/** "Which backups have this file": one search over every indexed backup, with the cartridges holding each. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { FindBackupsResult } from '../../../shared/contents.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatBytes, formatWhen } from '../components/format.ts';
import { toApiError } from '../components/use-load.ts';
import { formatMtime } from './member-format.ts';

/** A search field and the backups that hold a matching file. */
export function FindBackupsPanel() {
  const [pattern, setPattern] = useState('');
  const [result, setResult] = useState<FindBackupsResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const find = async (): Promise<void> => {
    setError(null);
    if (!pattern.trim()) return;
    try {
      setResult(await call('findBackups', { pattern: pattern.trim(), server: null }));
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Which backups have this file">
      <Typography variant="subtitle1" component="h2">
        Which backups have this file?
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 1 }} component="search" aria-label="Find a file in every backup">
        <TextField
          size="small"
          label="File name or pattern (/etc/hosts, *.conf)"
          value={pattern}
          sx={{ flexGrow: 1, maxWidth: 480 }}
          onChange={(e) => setPattern(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void find();
          }}
        />
        <Button variant="outlined" disabled={!pattern.trim()} onClick={() => void find()}>
          Find backups
        </Button>
      </Stack>
      <ErrorAlert error={error} title="Cannot search the backups" />
      {result && (
        <Stack spacing={1} sx={{ mt: 1 }} aria-label="Backups found" role="list">
          {result.backups.length === 0 && (
            <Typography variant="body2" role="status">
              No indexed backup has a file matching '{result.pattern}'.
            </Typography>
          )}
          {result.backups.map((b) => (
            <Paper key={b.imageSetId} variant="outlined" sx={{ p: 1 }} role="listitem" aria-label={`Backup image set ${b.imageSetId}`}>
              <Typography variant="body2">
                <strong>{b.server}</strong>, captured {formatWhen(b.capturedAt)}
                {b.osLevel ? ` · ${b.osLevel}` : ''} · image set {b.imageSetId} ·{' '}
                {b.cartridges.length === 0
                  ? 'on no cartridge'
                  : b.cartridges.map((c) => `${c.volser} (${c.status}${c.location ? `, ${c.location}` : ''})`).join(', ')}
              </Typography>
              {b.members.map((m) => (
                <Typography key={m.name} variant="body2" component="div" sx={{ pl: 2, fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {m.name} · {formatBytes(m.size)} · {formatMtime(m.mtime)}
                </Typography>
              ))}
              {b.matches > b.members.length && (
                <Typography variant="body2" sx={{ pl: 2 }}>
                  … and {b.matches - b.members.length} more
                </Typography>
              )}
            </Paper>
          ))}
          {result.truncated && <Typography variant="body2">Many names match: only the first are searched; narrow the pattern.</Typography>}
        </Stack>
      )}
    </Paper>
  );
}

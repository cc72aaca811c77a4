/** Shows an API error with its code, in an alert that screen readers announce. */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import type { ApiError } from '../api/client.ts';

/** Renders nothing when there is no error. */
export function ErrorAlert({ error, title }: { error: ApiError | { code: string; message: string } | null; title?: string }) {
  if (!error) return null;
  const unfinished = error.code === 'UNAVAILABLE';
  return (
    <Alert severity={unfinished ? 'info' : 'error'} role="alert" sx={{ my: 1 }}>
      <AlertTitle>{title ?? (unfinished ? 'Not available yet' : 'Error')}</AlertTitle>
      {error.message} <code>[{error.code}]</code>
    </Alert>
  );
}

/** Jobs: every job with its steps; interrupted or failed ones can be resumed at the failed step. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { toApiError, useLoad } from '../components/use-load.ts';

/** The job table. */
export function JobsView() {
  const list = useLoad(() => call('listJobs', {}), []);
  const [error, setError] = useState<ApiError | null>(null);
  const resume = async (id: string): Promise<void> => {
    setError(null);
    try { await call('resumeJob', { id }); list.reload(); } catch (err) { setError(toApiError(err)); }
  };
  return (
    <>
      <ErrorAlert error={list.error} title="Cannot list jobs" />
      <ErrorAlert error={error} title="Cannot resume" />
      <Table size="small" aria-label="Jobs">
        <TableHead>
          <TableRow><TableCell>Job</TableCell><TableCell>Started</TableCell><TableCell>State</TableCell><TableCell>Steps</TableCell><TableCell /></TableRow>
        </TableHead>
        <TableBody>
          {(list.data ?? []).map((j) => (
            <TableRow key={j.id}>
              <TableCell>{j.title}</TableCell><TableCell>{formatWhen(j.startedAt)}</TableCell><TableCell>{j.state}</TableCell>
              <TableCell>{j.steps.map((s) => `${s.name}: ${s.state}`).join(' · ')}</TableCell>
              <TableCell>
                {(j.state === 'interrupted' || j.state === 'failed') && <Button size="small" onClick={() => void resume(j.id)} aria-label={`Resume ${j.title}`}>Resume</Button>}
              </TableCell>
            </TableRow>
          ))}
          {list.data?.length === 0 && <TableRow><TableCell colSpan={5}>No jobs yet.</TableCell></TableRow>}
        </TableBody>
      </Table>
    </>
  );
}

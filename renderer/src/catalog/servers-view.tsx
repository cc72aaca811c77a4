/** Servers: the catalog's servers with their pinned host key and last preflight. */
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { useLoad } from '../components/use-load.ts';

/** The server table. */
export function ServersView() {
  const list = useLoad(() => call('listServers', {}), []);
  return (
    <>
      <ErrorAlert error={list.error} title="Cannot list servers" />
      <Table size="small" aria-label="Servers">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell><TableCell>Address</TableCell><TableCell>Auth</TableCell><TableCell>Work directory</TableCell>
            <TableCell>Pinned host key</TableCell><TableCell>OS level</TableCell><TableCell>Last preflight</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(list.data ?? []).map((s) => (
            <TableRow key={s.name}>
              <TableCell>{s.name}</TableCell><TableCell>{s.user}@{s.host}:{s.port}</TableCell><TableCell>{s.auth}</TableCell>
              <TableCell><code>{s.workdir}</code></TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{s.pinnedFingerprint ?? 'not pinned'}</TableCell>
              <TableCell>{s.osLevel ?? '—'}</TableCell><TableCell>{formatWhen(s.lastPreflightAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

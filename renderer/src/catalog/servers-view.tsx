/** Servers: the catalog's servers with their pinned host key and last preflight; each can be edited. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ServerInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { toApiError, useLoad } from '../components/use-load.ts';

/** The server table. */
export function ServersView() {
  const list = useLoad(() => call('listServers', {}), []);
  const [editing, setEditing] = useState<ServerInfo | null>(null);
  return (
    <Stack spacing={2}>
      <ErrorAlert error={list.error} title="Cannot list servers" />
      <Table size="small" aria-label="Servers">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell><TableCell>Address</TableCell><TableCell>Auth</TableCell><TableCell>Work directory</TableCell>
            <TableCell>Pinned host key</TableCell><TableCell>OS level</TableCell><TableCell>Last preflight</TableCell><TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {(list.data ?? []).map((s) => (
            <TableRow key={s.name}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{s.name}</TableCell><TableCell>{s.user}@{s.host}:{s.port}</TableCell><TableCell>{s.auth}</TableCell>
              <TableCell sx={{ wordBreak: 'break-all' }}><code>{s.workdir}</code></TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{s.pinnedFingerprint ?? 'not pinned'}</TableCell>
              <TableCell>{s.osLevel ?? '—'}</TableCell><TableCell>{formatWhen(s.lastPreflightAt)}</TableCell>
              <TableCell><Button size="small" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)}>Edit</Button></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <EditServer key={editing.name} server={editing} onDone={() => { setEditing(null); list.reload(); }} />}
    </Stack>
  );
}

/** Edits port, user and work directory, and can forget the pinned host key (after a reinstall). */
function EditServer({ server, onDone }: { server: ServerInfo; onDone: () => void }) {
  const [port, setPort] = useState(String(server.port));
  const [user, setUser] = useState(server.user);
  const [workdir, setWorkdir] = useState(server.workdir);
  const [forget, setForget] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (): Promise<void> => {
    try {
      await call('updateServer', { name: server.name, port: Number(port), user, workdir, forgetHostKeys: forget });
      onDone();
    } catch (err) { setError(toApiError(err)); }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="form" aria-label={`Edit server ${server.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Stack spacing={1.5}>
        <Typography variant="subtitle1" component="h2">Edit {server.name} ({server.host})</Typography>
        <Stack direction="row" spacing={1.5}>
          <TextField size="small" label="Port" value={port} onChange={(e) => setPort(e.target.value)} sx={{ width: 90 }} />
          <TextField size="small" label="User" value={user} onChange={(e) => setUser(e.target.value)} sx={{ width: 140 }} />
          <TextField size="small" label="Work directory on the server" value={workdir} onChange={(e) => setWorkdir(e.target.value)} sx={{ flexGrow: 1 }} />
        </Stack>
        <FormControlLabel control={<Checkbox checked={forget} onChange={(e) => setForget(e.target.checked)} />}
          label="Forget the pinned host key (after a reinstall; the next connection test asks you to confirm the new key)" />
        <ErrorAlert error={error} title="Cannot save the server" />
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained">Save</Button>
          <Button onClick={onDone}>Cancel</Button>
        </Stack>
      </Stack>
    </Paper>
  );
}

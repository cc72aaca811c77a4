/** Servers: the catalog's servers (natural order) with their pinned host key and last preflight; add, edit, delete. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
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
import { CopyableText } from '../components/copyable-text.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import { AddServerForm } from '../wizard/add-server-form.tsx';

/** Natural order: lpar1, lpar2, lpar10 (digits compared as numbers). */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/** One cell that keeps to its column: one line, ellipsis, the full value in a tooltip, and Copy. */
function Cell({ value, label }: { value: string; label: string }) {
  return (
    <TableCell sx={{ minWidth: 0 }}>
      <CopyableText value={value} label={label} truncate />
    </TableCell>
  );
}

/** The server table, with Add, Edit and Delete; an empty catalog says how to start. */
export function ServersView() {
  const list = useLoad(() => call('listServers', {}), []);
  const [editing, setEditing] = useState<ServerInfo | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<ServerInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const servers = [...(list.data ?? [])].sort((a, b) => naturalCompare(a.name, b.name));
  const remove = async (s: ServerInfo): Promise<void> => {
    setDeleting(null);
    setError(null);
    try {
      await call('deleteServer', { name: s.name });
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Stack spacing={2}>
      <ErrorAlert error={list.error} title="Cannot list servers" />
      <ErrorAlert error={error} title="Cannot delete the server" />
      {!adding && list.data && list.data.length > 0 && (
        <Button sx={{ alignSelf: 'flex-start' }} variant="outlined" onClick={() => setAdding(true)}>
          Add server
        </Button>
      )}
      {adding && (
        <AddServerForm
          onAdded={() => {
            setAdding(false);
            list.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {list.data && list.data.length === 0 && !adding && (
        <Paper variant="outlined" sx={{ p: 3, textAlign: 'center' }} role="status" aria-label="No servers">
          <Typography variant="subtitle1" component="h2">
            No servers yet
          </Typography>
          <Typography variant="body2" sx={{ mb: 2 }}>
            Add the AIX server (LPAR) to back up: its address, login and a work directory for the images.
          </Typography>
          <Button variant="contained" onClick={() => setAdding(true)}>
            Add server
          </Button>
        </Paper>
      )}
      {servers.length > 0 && (
        <Table size="small" aria-label="Servers" sx={{ tableLayout: 'fixed', width: '100%' }}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '12%' }}>Name</TableCell>
              <TableCell sx={{ width: '17%' }}>Address</TableCell>
              <TableCell sx={{ width: 70 }}>Auth</TableCell>
              <TableCell sx={{ width: '16%' }}>Work directory</TableCell>
              <TableCell sx={{ width: '20%' }}>Pinned host key</TableCell>
              <TableCell sx={{ width: '11%' }}>OS level</TableCell>
              <TableCell sx={{ width: 96 }}>Last preflight</TableCell>
              <TableCell sx={{ width: 130 }} />
            </TableRow>
          </TableHead>
          <TableBody>
            {servers.map((s) => (
              <TableRow key={s.name}>
                <TableCell sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={s.name}>
                  {s.name}
                </TableCell>
                <Cell value={`${s.user}@${s.host}:${s.port}`} label={`address of ${s.name}`} />
                <TableCell>{s.auth}</TableCell>
                <Cell value={s.workdir} label={`work directory of ${s.name}`} />
                {s.pinnedFingerprint ? (
                  <Cell value={s.pinnedFingerprint} label={`host key of ${s.name}`} />
                ) : (
                  <TableCell>not pinned</TableCell>
                )}
                <TableCell sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={s.osLevel ?? ''}>
                  {s.osLevel ?? '—'}
                </TableCell>
                <TableCell>{formatWhen(s.lastPreflightAt)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)} sx={{ minWidth: 0 }}>
                    Edit
                  </Button>
                  <Button size="small" color="error" aria-label={`Delete ${s.name}`} onClick={() => setDeleting(s)} sx={{ minWidth: 0 }}>
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && (
        <EditServer
          key={editing.name}
          server={editing}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      <Dialog open={deleting !== null} onClose={() => setDeleting(null)} aria-labelledby="delete-server-title">
        <DialogTitle id="delete-server-title">Delete server {deleting?.name}?</DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            The server entry and its pinned host key leave the catalog. A server whose image sets are still in the catalog cannot be
            deleted.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(null)}>Keep it</Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => {
              if (deleting) void remove(deleting);
            }}
          >
            Delete
          </Button>
        </DialogActions>
      </Dialog>
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
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="form"
      aria-label={`Edit server ${server.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack spacing={1.5}>
        <Typography variant="subtitle1" component="h2">
          Edit {server.name} ({server.host})
        </Typography>
        <Stack direction="row" spacing={1.5}>
          <TextField size="small" label="Port" value={port} onChange={(e) => setPort(e.target.value)} sx={{ width: 90 }} />
          <TextField size="small" label="User" value={user} onChange={(e) => setUser(e.target.value)} sx={{ width: 140 }} />
          <TextField
            size="small"
            label="Work directory on the server"
            value={workdir}
            onChange={(e) => setWorkdir(e.target.value)}
            sx={{ flexGrow: 1 }}
          />
        </Stack>
        <FormControlLabel
          control={<Checkbox checked={forget} onChange={(e) => setForget(e.target.checked)} />}
          label="Forget the pinned host key (after a reinstall; the next connection test asks you to confirm the new key)"
        />
        <ErrorAlert error={error} title="Cannot save the server" />
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained">
            Save
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </Stack>
      </Stack>
    </Paper>
  );
}

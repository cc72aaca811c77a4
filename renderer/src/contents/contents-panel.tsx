/**
 * The Contents tab of an image set or a cartridge (issue 18): the backup's members as a tree with sizes,
 * a search box, and Extract for what is selected.
 */
import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ContentsSearch, ContentsSource } from '../../../shared/contents.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatBytes, formatWhen } from '../components/format.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import { FolderRows, PAGE, type Selection } from './contents-tree.tsx';
import { ExtractBox } from './extract-box.tsx';
import { formatMtime, kindWord } from './member-format.ts';

/** The Contents tab for one backup. */
export function ContentsPanel({ source }: { source: ContentsSource }) {
  const key = JSON.stringify(source);
  const root = useLoad(() => call('listContents', { source, directory: '.', offset: 0, limit: PAGE }), [key]);
  const [picked, setPicked] = useState<string[]>([]);
  const [pattern, setPattern] = useState('');
  const [found, setFound] = useState<ContentsSearch | null>(null);
  const [searchError, setSearchError] = useState<ApiError | null>(null);
  const selection: Selection = useMemo(
    () => ({
      has: (name) => picked.includes(name),
      toggle: (name) => setPicked((p) => (p.includes(name) ? p.filter((x) => x !== name) : [...p, name])),
    }),
    [picked],
  );

  const search = async (): Promise<void> => {
    setSearchError(null);
    if (!pattern.trim()) {
      setFound(null);
      return;
    }
    try {
      setFound(await call('searchContents', { source, pattern: pattern.trim(), limit: 500 }));
    } catch (err) {
      setSearchError(toApiError(err));
    }
  };

  return (
    <Stack spacing={1} component="section" aria-label="Contents">
      <ErrorAlert error={root.error} title="Cannot show the contents" />
      {root.data && (
        <Typography variant="body2" color="text.secondary">
          Image set {root.data.imageSetId}: {root.data.indexed.members.toLocaleString('en')} members, {formatBytes(root.data.indexed.bytes)}{' '}
          (indexed {formatWhen(root.data.indexed.indexedAt)})
        </Typography>
      )}
      <Stack direction="row" spacing={1} component="search" aria-label="Search this backup">
        <TextField
          size="small"
          label="Search this backup (hosts, *.conf, ./etc/*)"
          value={pattern}
          sx={{ flexGrow: 1 }}
          onChange={(e) => setPattern(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void search();
          }}
        />
        <Button variant="outlined" onClick={() => void search()}>
          Search
        </Button>
        {found && (
          <Button
            onClick={() => {
              setFound(null);
              setPattern('');
            }}
          >
            Show the tree
          </Button>
        )}
      </Stack>
      <ErrorAlert error={searchError} title="Cannot search" />
      <Box sx={{ maxHeight: 360, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label={found ? 'Search results' : 'Members'}>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Name</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell align="right">Size</TableCell>
              <TableCell>Modified (UTC)</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {found ? (
              <>
                {found.members.map((m) => (
                  <TableRow key={m.name} hover selected={selection.has(m.name)} aria-label={m.name}>
                    <TableCell padding="checkbox">
                      <Checkbox
                        size="small"
                        checked={selection.has(m.name)}
                        onChange={() => selection.toggle(m.name)}
                        slotProps={{ input: { 'aria-label': `Select ${m.name}` } }}
                      />
                    </TableCell>
                    <TableCell sx={{ wordBreak: 'break-all' }}>{m.name}</TableCell>
                    <TableCell>{kindWord(m.kind)}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {formatBytes(m.size)}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatMtime(m.mtime)}</TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell colSpan={5} role="status">
                    {found.matches === 0
                      ? `Nothing in this backup matches '${pattern}'.`
                      : `${found.matches} match(es)${found.matches > found.members.length ? `, first ${found.members.length} shown` : ''}.`}
                    {found.truncated && ' Many names match: narrow the search.'}
                  </TableCell>
                </TableRow>
              </>
            ) : (
              root.data && <FolderRows source={source} directory="." depth={0} selection={selection} first={root.data} />
            )}
          </TableBody>
        </Table>
      </Box>
      {root.data && (
        <ExtractBox imageSetId={root.data.imageSetId} staged={root.data.stagedArchive} selected={picked} onClear={() => setPicked([])} />
      )}
    </Stack>
  );
}

/**
 * A backup's members as a tree, largest first: each folder loads its own children when opened, a page at
 * a time ("Show more"), so an image set of 200,000 members never crosses to the window whole.
 */
import { Fragment, useState } from 'react';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { ContentsEntry, ContentsPage, ContentsSource } from '../../../shared/contents.ts';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatBytes } from '../components/format.ts';
import { useLoad } from '../components/use-load.ts';
import { formatMtime, kindWord } from './member-format.ts';

/** Children loaded per page. */
export const PAGE = 200;

/** Selection shared by the tree and the search results. */
export interface Selection {
  has(name: string): boolean;
  toggle(name: string): void;
}

/** The rows of one folder (and of the folders opened under it). */
export function FolderRows({
  source,
  directory,
  depth,
  selection,
  first,
}: {
  source: ContentsSource;
  directory: string;
  depth: number;
  selection: Selection;
  first?: ContentsPage;
}) {
  const [pages, setPages] = useState(1);
  const load = useLoad(async () => {
    // The root's first page came with the panel; every other page is asked for when needed.
    const out: ContentsEntry[] = [];
    let total = 0;
    for (let p = 0; p < pages; p++) {
      const page = p === 0 && first ? first : await call('listContents', { source, directory, offset: p * PAGE, limit: PAGE });
      out.push(...page.entries);
      total = page.total;
    }
    return { entries: out, total };
  }, [JSON.stringify(source), directory, pages, first]);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggleOpen = (name: string): void =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(name)) n.delete(name);
      else n.add(name);
      return n;
    });

  if (load.error)
    return (
      <TableRow>
        <TableCell colSpan={5}>
          <ErrorAlert error={load.error} title={`Cannot list ${directory}`} />
        </TableCell>
      </TableRow>
    );
  if (!load.data)
    return (
      <TableRow>
        <TableCell colSpan={5} sx={{ pl: 2 + depth * 2.5 }}>
          Loading…
        </TableCell>
      </TableRow>
    );
  const { entries, total } = load.data;
  return (
    <>
      {entries.map((e) => (
        <Fragment key={e.name}>
          <TableRow hover selected={selection.has(e.name)} aria-label={e.name}>
            <TableCell padding="checkbox">
              <Checkbox
                size="small"
                checked={selection.has(e.name)}
                onChange={() => selection.toggle(e.name)}
                slotProps={{ input: { 'aria-label': `Select ${e.name}` } }}
              />
            </TableCell>
            <TableCell
              sx={{ pl: 1 + depth * 2.5, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 420 }}
              title={e.name}
            >
              {e.hasChildren ? (
                <IconButton
                  size="small"
                  aria-label={`${open.has(e.name) ? 'Close' : 'Open'} ${e.name}`}
                  aria-expanded={open.has(e.name)}
                  onClick={() => toggleOpen(e.name)}
                  sx={{ width: 24, height: 24, mr: 0.5, fontSize: 12 }}
                >
                  {open.has(e.name) ? '▾' : '▸'}
                </IconButton>
              ) : (
                <span style={{ display: 'inline-block', width: 28 }} />
              )}
              {e.base}
              {e.kind === 'directory' ? '/' : ''}
            </TableCell>
            <TableCell>{kindWord(e.kind)}</TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }} title={`${e.bytes} bytes in ${e.members} member(s)`}>
              {formatBytes(e.bytes)}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatMtime(e.mtime)}</TableCell>
          </TableRow>
          {open.has(e.name) && <FolderRows source={source} directory={e.name} depth={depth + 1} selection={selection} />}
        </Fragment>
      ))}
      {entries.length < total && (
        <TableRow>
          <TableCell colSpan={5} sx={{ pl: 4 + depth * 2.5 }}>
            <Button size="small" onClick={() => setPages((p) => p + 1)}>
              Show more ({total - entries.length} more in {directory})
            </Button>
          </TableCell>
        </TableRow>
      )}
      {total === 0 && (
        <TableRow>
          <TableCell colSpan={5} sx={{ pl: 4 + depth * 2.5 }}>
            Empty.
          </TableCell>
        </TableRow>
      )}
    </>
  );
}

/** One image set: its images and readiness, and the Contents tab. */
import { useState } from 'react';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ImageSetInfo } from '../../../shared/model.ts';
import { formatBytes, formatWhen } from '../components/format.ts';
import { ContentsPanel } from './contents-panel.tsx';
import { type DetailTab, DetailTabs } from './detail-tabs.tsx';

/** Detail panel of the selected image set. */
export function ImageSetDetailPanel({ set }: { set: ImageSetInfo }) {
  const [tab, setTab] = useState<DetailTab>('contents');
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Image set ${set.id}`}>
      <Typography variant="h6" component="h2">
        {set.server}, captured {formatWhen(set.capturedAt)}
      </Typography>
      <DetailTabs value={tab} onChange={setTab} label={`Image set ${set.id}`} detailsLabel="Images" />
      {tab === 'details' && (
        <>
          <Typography variant="body2">
            Image set {set.id} · {set.state} · {set.path}
          </Typography>
          {set.images.map((i) => (
            <Typography key={i.record} variant="body2">
              record {i.record}: {i.name}, {formatBytes(i.size)}, SHA-256 {i.sha256}
            </Typography>
          ))}
        </>
      )}
      {tab === 'contents' && <ContentsPanel source={{ imageSetId: set.id }} />}
    </Paper>
  );
}

/** The smallest tab bar a detail view needs: its own facts, and the backup's Contents. */
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';

/** Tabs of a detail panel. */
export type DetailTab = 'details' | 'contents';

/** A two-tab bar; `label` names the panel for assistive technology. */
export function DetailTabs({
  value,
  onChange,
  label,
  detailsLabel,
}: {
  value: DetailTab;
  onChange: (t: DetailTab) => void;
  label: string;
  detailsLabel: string;
}) {
  return (
    <Tabs value={value} onChange={(_e, v: DetailTab) => onChange(v)} aria-label={`${label}: views`} sx={{ minHeight: 36, mb: 1 }}>
      <Tab value="details" label={detailsLabel} sx={{ minHeight: 36, py: 0.5 }} />
      <Tab value="contents" label="Contents" sx={{ minHeight: 36, py: 0.5 }} />
    </Tabs>
  );
}

/** The app frame: a title bar with the views (the fleet home view first, the job wizard, the catalog), light/dark from the system. */
import { useCallback, useMemo, useState } from 'react';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { ThemeProvider } from '@mui/material/styles';
import { call } from './api/client.ts';
import { CartridgesView } from './catalog/cartridges-view.tsx';
import { ImageSetsView } from './catalog/image-sets-view.tsx';
import { JobsView } from './catalog/jobs-view.tsx';
import { ServersView } from './catalog/servers-view.tsx';
import { ErrorAlert } from './components/error-alert.tsx';
import { LiveJobsProvider } from './components/live-jobs.tsx';
import { RunningJobs } from './components/running-jobs.tsx';
import { DesktopNotifications } from './fleet/desktop-notifications.tsx';
import { FleetView } from './fleet/fleet-view.tsx';
import { LibraryView } from './library/library-view.tsx';
import type { JobId } from '../../shared/model.ts';
import { useLoad } from './components/use-load.ts';
import { makeTheme } from './theme.ts';
import { Wizard } from './wizard/wizard.tsx';

// Fleet is the home view (issue 19): the app opens on what needs doing.
const VIEWS = ['Fleet', 'New tape', 'Cartridges', 'Servers', 'Image sets', 'Jobs', 'Library'] as const;
type View = (typeof VIEWS)[number];

/** The whole renderer. */
export function App() {
  const dark = useMediaQuery('(prefers-color-scheme: dark)');
  const theme = useMemo(() => makeTheme(dark ? 'dark' : 'light'), [dark]);
  const [view, setView] = useState<View>('Fleet');
  const info = useLoad(() => call('getAppInfo', {}), []);
  const [wizardJobs, setWizardJobs] = useState<JobId[]>([]);
  const [wizardVisits, setWizardVisits] = useState(0);
  const show = (v: View): void => {
    if (v === 'New tape' && view !== 'New tape') setWizardVisits((n) => n + 1);
    setView(v);
  };
  const onWizardJobs = useCallback((ids: JobId[]) => setWizardJobs(ids), []);

  return (
    <ThemeProvider theme={theme}>
      <LiveJobsProvider>
        <CssBaseline />
        <DesktopNotifications />
        <AppBar position="static" elevation={0} color="default" sx={{ borderBottom: 1, borderColor: 'divider' }}>
          <Toolbar variant="dense" sx={{ gap: 2 }}>
            <Typography variant="h6" component="h1" sx={{ whiteSpace: 'nowrap' }}>
              SysbTape
            </Typography>
            <Tabs value={view} onChange={(_e, v: View) => show(v)} aria-label="Views" variant="scrollable" scrollButtons={false}>
              {VIEWS.map((v) => (
                <Tab key={v} value={v} label={v} id={`tab-${v}`} aria-controls="view-panel" sx={{ minWidth: 0, px: 1.5 }} />
              ))}
            </Tabs>
            <Box sx={{ flexGrow: 1 }} />
            <RunningJobs onOpen={(j) => show(wizardJobs.includes(j.id) ? 'New tape' : 'Jobs')} />
            <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
              {info.data ? `v${info.data.version} · ${info.data.transport}` : ''}
            </Typography>
          </Toolbar>
        </AppBar>
        <Box component="main" id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`} sx={{ p: 2, maxWidth: 1400, mx: 'auto' }}>
          <ErrorAlert error={info.error} title="No connection to SysbTape" />
          {/* The wizard stays mounted (hidden) while another view is open: its steps and running jobs go on. */}
          <Box sx={{ display: view === 'New tape' ? 'block' : 'none' }}>
            <Wizard onJobIds={onWizardJobs} visits={wizardVisits} />
          </Box>
          {view === 'Fleet' && <FleetView onOpenJobs={() => show('Jobs')} />}
          {view === 'Cartridges' && <CartridgesView />}
          {view === 'Servers' && <ServersView />}
          {view === 'Image sets' && <ImageSetsView />}
          {view === 'Jobs' && <JobsView />}
          {view === 'Library' && <LibraryView />}
        </Box>
      </LiveJobsProvider>
    </ThemeProvider>
  );
}

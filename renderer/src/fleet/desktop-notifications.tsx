/**
 * Desktop notifications while the app is open (issue 19): job failed, verification failed, tape needed,
 * server overdue, retention ending, drive needs cleaning — the events the main process computes
 * (listOpsEvents), shown with the Web Notification API (Electron's renderer and Chromium alike). Each
 * event is shown once: its key is remembered until the condition clears, so a standing condition does not
 * notify on every refresh, and one that comes back does. A setting turns them off.
 */
import { useEffect, useRef } from 'react';
import type { OpsEvent } from '../../../shared/operations.ts';
import { call } from '../api/client.ts';
import { useLiveJobs } from '../components/live-jobs.tsx';

const SETTING_KEY = 'sysbtape.desktopNotifications';
const SHOWN_KEY = 'sysbtape.notifiedEvents';
/** Fired on window when the setting changes, so the notifier looks again at once. */
export const DESKTOP_SETTING_EVENT = 'sysbtape-desktop-notifications';
/** Standing conditions are looked at again this often (jobs ending trigger a look at once). */
const LOOK_EVERY_MS = 5 * 60_000;

/** Whether desktop notifications are on (the default). */
export function desktopNotificationsOn(): boolean {
  return localStorage.getItem(SETTING_KEY) !== 'off';
}

/** Turns desktop notifications on or off; turning them on asks the system's permission when not given yet. */
export async function setDesktopNotifications(on: boolean): Promise<NotificationPermission | 'unsupported'> {
  localStorage.setItem(SETTING_KEY, on ? 'on' : 'off');
  let permission: NotificationPermission | 'unsupported' = 'unsupported';
  if (typeof Notification !== 'undefined') {
    permission = Notification.permission;
    if (on && permission === 'default') permission = await Notification.requestPermission();
  }
  window.dispatchEvent(new Event(DESKTOP_SETTING_EVENT));
  return permission;
}

function shownKeys(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(SHOWN_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/** Shows the events not shown yet; remembers the current ones (forgetting those that cleared). */
export function notifyNew(events: OpsEvent[]): void {
  const shown = shownKeys();
  for (const e of events) {
    if (shown.has(e.key)) continue;
    try {
      new Notification(e.subject, { body: `${e.summary}\n${e.fix}`, tag: e.key });
    } catch {
      // A system that cannot show one now (no notification daemon) loses nothing else.
    }
  }
  localStorage.setItem(SHOWN_KEY, JSON.stringify(events.map((e) => e.key)));
}

/** Mounted once by the app frame; renders nothing. */
export function DesktopNotifications() {
  const live = useLiveJobs();
  // A job ending (failed, or a capture that now needs a tape) is a reason to look at once.
  const ended = [...live.values()].filter((j) => j.state !== 'running').length;
  const busy = useRef(false);
  const again = useRef(false);
  const look = useRef<() => void>(() => undefined);
  look.current = () => {
    if (typeof Notification === 'undefined' || !desktopNotificationsOn() || Notification.permission !== 'granted') return;
    // One look at a time; a reason arriving meanwhile looks once more after it (nothing is missed, nothing doubled).
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    void call('listOpsEvents', {})
      .then(notifyNew, () => undefined)
      .finally(() => {
        busy.current = false;
        if (again.current) {
          again.current = false;
          look.current();
        }
      });
  };
  useEffect(() => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default' && desktopNotificationsOn()) {
      void Notification.requestPermission().then(() => look.current());
    }
    const onSetting = (): void => look.current();
    const timer = setInterval(onSetting, LOOK_EVERY_MS);
    window.addEventListener(DESKTOP_SETTING_EVENT, onSetting);
    return () => {
      clearInterval(timer);
      window.removeEventListener(DESKTOP_SETTING_EVENT, onSetting);
    };
  }, []);
  useEffect(() => {
    look.current();
  }, [ended]);
  return null;
}

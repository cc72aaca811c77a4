/** The two IPC channel names; the preload and the IPC binding share them and nothing else. */
export const INVOKE_CHANNEL = 'sysbtape:invoke';
/** Main → renderer pushes of ApiEvents, as `{ event, payload }`. */
export const EVENT_CHANNEL = 'sysbtape:event';

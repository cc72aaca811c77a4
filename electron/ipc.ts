/**
 * The one IPC chokepoint: a single invoke channel whose handler checks that the sender frame is the
 * app's own page, then hands the call to the shared dispatcher (schema check, result wrapping).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ApiResult } from '../shared/api.ts';
import { dispatchCall } from './api-dispatch.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.ts';
import { isAppUrl } from './navigation-policy.ts';
import type { ApiService } from './services/api.ts';

/** Decides whether an invoke comes from a window we created, showing our page in its main frame. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Default check: the sender is a known WebContents and the frame is the top frame on app://sysbtape. */
export function trustedSender(knownWebContentsIds: ReadonlySet<number>): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return knownWebContentsIds.has(event.sender.id) && isAppUrl(frame.url);
  };
}

/** Binds the API to ipcMain; returns the function that unbinds it. */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, service: ApiService, isTrusted: SenderCheck): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, request: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrusted(event)) {
      return { ok: false, error: { code: 'USAGE', message: 'call refused: it did not come from the SysbTape window' } };
    }
    return dispatchCall(service.handlers, method, request);
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** Forwards every API event to a window; returns the function that stops forwarding. */
export function forwardEvents(service: ApiService, send: (channel: string, message: unknown) => void): () => void {
  return service.subscribe((event, payload) => send(EVENT_CHANNEL, { event, payload }));
}

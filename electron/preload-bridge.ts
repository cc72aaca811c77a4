/**
 * Builds the object the preload exposes as `window.sysbtape`: one named method per contract method and
 * `on(event, listener)`, all funnelled into two transport functions. No Electron here, so the surface
 * can be tested under plain Node.
 */
import { API_EVENTS, API_METHODS, type ApiEventName, type ApiEvents, type SysbtapeBridge } from '../shared/api.ts';

/** Sends one call and resolves to its ApiResult. */
export type Invoke = (method: string, request: unknown) => Promise<unknown>;
/** Registers a raw event listener and returns its remover. */
export type SubscribeRaw = (listener: (message: unknown) => void) => () => void;

/** Creates the bridge; unknown events and malformed pushes are dropped. */
export function createBridge(invoke: Invoke, subscribe: SubscribeRaw): SysbtapeBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    bridge[method] = (request: unknown) => invoke(method, request);
  }
  bridge.on = <E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): (() => void) => {
    if (!API_EVENTS.includes(event)) throw new Error(`unknown event '${String(event)}'`);
    return subscribe((message) => {
      if (typeof message === 'object' && message !== null && (message as { event?: unknown }).event === event) {
        listener((message as { payload: ApiEvents[E] }).payload);
      }
    });
  };
  return Object.freeze(bridge) as SysbtapeBridge;
}

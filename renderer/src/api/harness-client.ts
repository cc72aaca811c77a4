/**
 * The bridge over the browser harness: the same named methods as Electron's preload, sent as
 * POST /api/call/<method> with the session token, and events from a Server-Sent Events stream.
 */
import { API_EVENTS, type ApiEventName, type ApiEvents, type SysbtapeBridge, API_METHODS } from '../../../shared/api.ts';

/** Builds a bridge to the harness at `origin` (normally the page's own). */
export function createHarnessBridge(token: string, origin = ''): SysbtapeBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    bridge[method] = async (request: unknown) => {
      try {
        const res = await fetch(`${origin}/api/call/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sysbtape-token': token },
          body: JSON.stringify(request ?? {}),
        });
        if (res.status === 401)
          return {
            ok: false,
            error: { code: 'USAGE', message: 'the harness refused the session token; open the URL the harness printed' },
          };
        if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: `harness answered HTTP ${res.status}` } };
        return await res.json();
      } catch (err) {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `cannot reach the harness: ${err instanceof Error ? err.message : String(err)}` },
        };
      }
    };
  }
  let source: EventSource | null = null;
  const listeners = new Set<(event: ApiEventName, payload: unknown) => void>();
  const ensureSource = (): void => {
    if (source) return;
    source = new EventSource(`${origin}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of API_EVENTS) {
      source.addEventListener(name, (e: MessageEvent<string>) => {
        const payload: unknown = JSON.parse(e.data);
        for (const l of listeners) l(name, payload);
      });
    }
  };
  bridge.on = <E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): (() => void) => {
    ensureSource();
    const wrapped = (name: ApiEventName, payload: unknown): void => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    listeners.add(wrapped);
    return () => {
      listeners.delete(wrapped);
    };
  };
  return bridge as SysbtapeBridge;
}

/** Reads the token from ?token= once, keeps it for this tab and removes it from the address bar. */
export function takeHarnessToken(location: Location, history: History, storage: Storage): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem('sysbtape-token', fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem('sysbtape-token');
}

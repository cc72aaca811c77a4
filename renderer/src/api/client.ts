/**
 * The renderer's one way to the main side: `window.sysbtape` inside Electron, the harness client in a
 * plain browser. `call` unwraps results and throws ApiError, which keeps the stable error code.
 */
import type { ApiMethod, ApiRequest, ApiResponse, SysbtapeBridge } from '../../../shared/api.ts';
import { createHarnessBridge, takeHarnessToken } from './harness-client.ts';

/** An error returned by the main side, with its stable code. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

let bridge: SysbtapeBridge | null = null;

/** The bridge for this page; throws when opened without Electron and without a harness token. */
export function getBridge(): SysbtapeBridge {
  if (bridge) return bridge;
  if (window.sysbtape) {
    bridge = window.sysbtape;
    return bridge;
  }
  const token = takeHarnessToken(window.location, window.history, window.sessionStorage);
  if (!token) throw new ApiError('USAGE', 'no connection to SysbTape: open the URL printed by `npm run harness` (it carries the token)');
  bridge = createHarnessBridge(token);
  return bridge;
}

/** Calls one method and returns its value, or throws ApiError. */
export async function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
  const fn = getBridge()[method] as (
    req: ApiRequest<M>,
  ) => Promise<{ ok: true; value: ApiResponse<M> } | { ok: false; error: { code: string; message: string } }>;
  const result = await fn(request);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}

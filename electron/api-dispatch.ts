/**
 * The one place a call from the renderer meets the services, shared by the Electron IPC binding and
 * the browser harness: checks the method name, parses the request with the contract's schema, runs
 * the handler and turns every outcome into an ApiResult (errors keep their stable code).
 */
import { type ApiHandlers, type ApiResult, isApiMethod, requestSchemas } from '../shared/api.ts';
import { toErrorInfo } from '../shared/errors.ts';

/** Validates and runs one call; never throws. */
export async function dispatchCall(handlers: ApiHandlers, method: unknown, request: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'USAGE', message: `unknown method '${String(method).slice(0, 60)}'` } };
  }
  const parsed = requestSchemas[method].safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: { code: 'INVALID_INPUT', message: `${method}: ${where}${issue?.message ?? 'invalid request'}` } };
  }
  try {
    const run = handlers[method] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await run(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import { dispatchCall } from '../../../electron/api-dispatch.ts';

// Only the methods a test calls need a body; the rest fail loudly if reached.
function handlers(overrides: Partial<ApiHandlers>): ApiHandlers {
  return new Proxy(overrides, {
    get: (target, key: string) =>
      (target as Record<string, unknown>)[key] ??
      (async () => {
        throw new Error(`unexpected call ${key}`);
      }),
  }) as ApiHandlers;
}

describe('dispatchCall', () => {
  it('refuses unknown and prototype method names', async () => {
    for (const name of ['nope', 'toString', '__proto__', 42, null]) {
      const r = await dispatchCall(handlers({}), name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    }
  });

  it('validates the request with the contract schema and names the field', async () => {
    const r = await dispatchCall(handlers({}), 'getCartridge', { volser: 'abc' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!r.ok && r.error.message).toMatch(/getCartridge: volser: must be exactly 6 characters/);
    const extra = await dispatchCall(handlers({}), 'listServers', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const target = await dispatchCall(handlers({}), 'identifyTape', { target: '/etc/passwd' });
    expect(!target.ok && target.error.message).toMatch(/\.tap or a non-rewinding device/);
  });

  it('passes the parsed request and wraps the value', async () => {
    const r = await dispatchCall(handlers({ getJob: async ({ id }) => ({ id }) as never }), 'getJob', { id: 7 });
    expect(r).toEqual({ ok: true, value: { id: 7 } });
  });

  it('takes a job id as the contract types it: a catalog number for a durable job, a UUID for a session job', async () => {
    const echo = handlers({ getJob: async ({ id }) => ({ id }) as never, resumeJob: async ({ id }) => ({ id }) as never });
    const uuid = '0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
    expect(await dispatchCall(echo, 'getJob', { id: uuid })).toEqual({ ok: true, value: { id: uuid } });
    // No id is converted from a string: the old 'tape-job-7' form, or a number as text, is refused.
    for (const id of ['tape-job-7', '7', 0, 1.5])
      expect(await dispatchCall(echo, 'getJob', { id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Only a durable job resumes: its id is a catalog number.
    expect(await dispatchCall(echo, 'resumeJob', { id: uuid, confirmed: [], overrideReason: null })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatchCall(echo, 'resumeJob', { id: 7, confirmed: [], overrideReason: null })).toEqual({ ok: true, value: { id: 7 } });
  });

  it('keeps a SysbError code and turns anything else into INTERNAL', async () => {
    const coded = await dispatchCall(
      handlers({
        getJob: async () => {
          throw new SysbError('NOT_FOUND', 'no job j1');
        },
      }),
      'getJob',
      { id: 1 },
    );
    expect(coded).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no job j1' } });
    const plain = await dispatchCall(
      handlers({
        getJob: async () => {
          throw new TypeError('boom');
        },
      }),
      'getJob',
      { id: 1 },
    );
    expect(plain).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });
});

/** Loads data from the API with loading and error state, and a reload function. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';

/** State of one load. */
export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then(
      (value) => {
        if (live) {
          setData(value);
          setError(null);
          setLoading(false);
        }
      },
      (err: unknown) => {
        if (live) {
          setError(toApiError(err));
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}

/** Anything thrown → ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('INTERNAL', err instanceof Error ? err.message : String(err));
}

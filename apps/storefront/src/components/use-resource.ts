import { useCallback, useEffect, useState } from 'react';

/** A value loaded from the API: loading, ready or failed, and a way to load it again. */
export type Resource<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown };

const LOADING = { state: 'loading' } as const;

/**
 * Loads `load(signal)` whenever `key` changes (or reload is called); a load that is no longer
 * wanted (the page left, the key changed) is aborted and its answer ignored.
 */
export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): [Resource<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  const wanted = `${key}#${attempt}`;
  const [settled, setSettled] = useState<{ for: string; resource: Resource<T> }>();

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted)
          setSettled({ for: wanted, resource: { state: 'ready', value } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setSettled({ for: wanted, resource: { state: 'failed', error } });
      },
    );
    return () => {
      controller.abort();
    };
    // `load` is a new function each render; `wanted` says when what it loads changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted]);

  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);
  return [settled?.for === wanted ? settled.resource : LOADING, reload];
}

/**
 * One read of the tab, started when the component mounts (and again on reload), so that every
 * section loads in parallel and shows what it has as soon as it has it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown };

export function useLoader<T>(load: (() => Promise<T>) | undefined, generation: number): [Loaded<T>, (value: T) => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const latest = useRef(0);
  useEffect(() => {
    if (!load) return;
    const run = ++latest.current;
    setLoaded({ state: 'loading' });
    load().then(
      (value) => {
        if (run === latest.current) setLoaded({ state: 'ready', value });
      },
      (error: unknown) => {
        if (run === latest.current) setLoaded({ state: 'failed', error });
      },
    );
    // The load function is rebuilt on every render; a new generation (reload) is what restarts it.
  }, [generation, load === undefined]);
  const set = useCallback((value: T) => setLoaded({ state: 'ready', value }), []);
  return [loaded, set];
}

/** Small shared hooks: loading API resources, debouncing, media queries. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { get } from './api.js';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Loads again; `quiet` keeps the current data on screen while it does (polling). */
  reload: (quiet?: boolean) => Promise<void>;
}

/** GET `path` (null: nothing to load), again whenever `path` changes. */
export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; path: string | null }>({
    data: null,
    error: null,
    loading: path !== null,
    path,
  });
  const current = useRef(path);
  current.current = path;
  const seq = useRef(0);

  const load = useCallback(
    async (quiet = false) => {
      const p = current.current;
      if (p === null) return;
      const mine = ++seq.current;
      if (!quiet) setState((s) => ({ ...s, loading: true, error: null, path: p }));
      try {
        const data = await get<T>(p);
        if (mine === seq.current) setState({ data, error: null, loading: false, path: p });
      } catch (error) {
        if (mine === seq.current) setState((s) => ({ data: quiet ? s.data : null, error, loading: false, path: p }));
      }
    },
    [],
  );

  useEffect(() => {
    if (path === null) {
      setState({ data: null, error: null, loading: false, path });
      return;
    }
    void load();
  }, [path, load]);

  return { data: state.path === path ? state.data : null, error: state.error, loading: state.loading || state.path !== path, reload: load };
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (cb) => {
      const mq = window.matchMedia(query);
      mq.addEventListener('change', cb);
      return () => mq.removeEventListener('change', cb);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Width of an element, following resizes. */
export function useWidth<E extends HTMLElement>(): [React.RefCallback<E>, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: E | null) => {
    observer.current?.disconnect();
    if (!el) return;
    setWidth(el.clientWidth);
    observer.current = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.round(w));
    });
    observer.current.observe(el);
  }, []);
  return [ref, width];
}

/** Runs `fn` every `ms` while `active`, and when the window regains focus. */
export function usePolling(fn: () => void, ms: number, active: boolean): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, ms);
    const onFocus = () => latest.current();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(t);
      window.removeEventListener('focus', onFocus);
    };
  }, [ms, active]);
}

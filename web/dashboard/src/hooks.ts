import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n/preact';
import { describeError } from './errors';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Loads data and, with `intervalMs`, refreshes it. The timer and any request in flight are
 * cancelled on unmount or when `deps` change, so views never leave timers behind. The failure is
 * kept as is and put into words at render, so it follows a language switch.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], intervalMs?: number): Loaded<T> {
  const { t } = useI18n();
  const [data, setData] = useState<T | undefined>(undefined);
  const [failure, setFailure] = useState<{ err: unknown } | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setData(value);
        setFailure(undefined);
      } catch (err) {
        if (controller.signal.aborted) return;
        setFailure({ err });
      } finally {
        if (!controller.signal.aborted) {
          setLoading(false);
          if (intervalMs !== undefined) timer = setTimeout(() => void run(), intervalMs);
        }
      }
    };
    setLoading(true);
    void run();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [...deps, tick, intervalMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error: failure === undefined ? undefined : describeError(failure.err, t), loading, reload };
}

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

export interface Busy {
  /** The id of the action running now, or null. */
  readonly running: string | null;
  /**
   * Runs `action` unless another of this component's actions is running: a second press, or a
   * form submitted again by Enter while the first request is out, is ignored rather than sent twice.
   */
  run(id: string, action: () => Promise<void>): Promise<void>;
}

/** One guard for a group of actions that must not overlap (a form, a table's row buttons). */
export function useBusy(): Busy {
  const [running, setRunning] = useState<string | null>(null);
  // A ref, not the state: two clicks in one frame both see the state from before the first.
  const guard = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (id: string, action: () => Promise<void>) => {
    if (guard.current) return;
    guard.current = true;
    setRunning(id);
    try {
      await action();
    } finally {
      guard.current = false;
      if (mounted.current) setRunning(null);
    }
  }, []);
  return { running, run };
}

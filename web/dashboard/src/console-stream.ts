import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api';
import { isFinalClose, reconnectDelay } from './reconnect';
import type { ConsolePage } from './types';

/** Lines kept in memory; older ones are dropped so a chatty server cannot grow the page without end. */
export const MAX_ENTRIES = 1000;
/** How many stored lines are shown first. */
const HISTORY_LINES = 200;

export type CommandOutcome = 'pending' | 'ok' | 'failed' | 'refused' | 'undelivered' | 'timeout' | 'error';

/** One row of the console: a line the game server printed, or a command typed here and its result. */
export type ConsoleEntry =
  | { kind: 'line'; n: number; time: string; text: string }
  | { kind: 'command'; n: number; command: string; outcome: CommandOutcome; output: string };

export type StreamLink = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** Why the console cannot be shown: the hub's refusal (socket `error` or HTTP), kept as is and worded at render. */
export type StreamProblem = { kind: 'refused'; detail: string } | { kind: 'history'; err: unknown } | { kind: 'closed'; reason: string };

interface LiveFrame {
  type: 'console';
  server_id: string;
  lines: Array<{ time: string; line: string }>;
}

function parseFrame(data: unknown): { type: string; [field: string]: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') return value as { type: string };
  } catch {
    // Not JSON: nothing the console can use.
  }
  return null;
}

function isConsoleFrame(frame: { type: string }, serverId: string): frame is LiveFrame {
  const f = frame as Partial<LiveFrame>;
  return f.type === 'console' && f.server_id === serverId && Array.isArray(f.lines);
}

const lineKey = (time: string, text: string) => `${time}\u0000${text}`;

export function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * A server's console: subscribes over `/ws` first, then loads the stored lines, so nothing falls in
 * between (the protocol's documented order); a line that came both ways is shown once. Reconnects
 * with backoff and fills the gap from the stored lines again.
 */
export function useConsoleStream(api: Api, serverId: string) {
  const [entries, setEntriesState] = useState<ConsoleEntry[]>([]);
  // The list lives in a ref too, so a socket callback sees the current one without waiting for a render.
  const store = useRef<ConsoleEntry[]>([]);
  const setEntries = useCallback((change: (current: ConsoleEntry[]) => ConsoleEntry[]) => {
    store.current = change(store.current);
    setEntriesState(store.current);
  }, []);
  const [link, setLink] = useState<StreamLink>('connecting');
  const [problem, setProblem] = useState<StreamProblem | undefined>(undefined);
  /** The hub accepted the subscription: the key may read (and so operate) this server. */
  const [subscribed, setSubscribed] = useState(false);
  const counter = useRef(0);
  const next = () => (counter.current += 1);

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;
    const history = new AbortController();
    setEntries(() => []);
    setProblem(undefined);
    setSubscribed(false);

    const add = (incoming: ConsoleEntry[]) => setEntries((current) => [...current, ...incoming].slice(-MAX_ENTRIES));

    /** Stored lines not yet shown go before the entries made after `mark` (the counter at subscribing). */
    const fill = (mark: number) => {
      api
        .get<ConsolePage>('/api/server/console', { server_id: serverId, limit: HISTORY_LINES }, history.signal)
        .then((page) => {
          setEntries((current) => {
            const seen = new Map<string, number>();
            for (const e of current) if (e.kind === 'line') seen.set(lineKey(e.time, e.text), (seen.get(lineKey(e.time, e.text)) ?? 0) + 1);
            const missing: ConsoleEntry[] = [];
            for (const l of page.lines) {
              const key = lineKey(l.time, l.line);
              const count = seen.get(key) ?? 0;
              if (count > 0) seen.set(key, count - 1);
              else missing.push({ kind: 'line', n: next(), time: l.time, text: l.line });
            }
            const cut = current.filter((e) => e.n <= mark).length;
            return [...current.slice(0, cut), ...missing, ...current.slice(cut)].slice(-MAX_ENTRIES);
          });
        })
        .catch((err: unknown) => {
          if (!history.signal.aborted) setProblem({ kind: 'history', err });
        });
    };

    const connect = () => {
      if (stopped) return;
      setLink(attempts === 0 ? 'connecting' : 'reconnecting');
      // Browsers cannot send an Authorization header on a WebSocket; the hub reads the key from the subprotocol list.
      const ws = new WebSocket(socketUrl(), ['interconnect', api.key]);
      socket = ws;
      let pendingSubscribe = true;
      ws.onopen = () => {
        attempts = 0;
        ws.send(JSON.stringify({ type: 'subscribe_console', server_id: serverId }));
      };
      ws.onmessage = (message) => {
        const frame = parseFrame(message.data);
        if (frame === null) return;
        if (frame.type === 'console_subscribed' && frame.server_id === serverId) {
          pendingSubscribe = false;
          setLink('live');
          setSubscribed(true);
          setProblem(undefined);
          fill(counter.current);
        } else if (frame.type === 'error' && pendingSubscribe) {
          // The only request this socket makes is the subscription: its refusal is final.
          stopped = true;
          setProblem({ kind: 'refused', detail: typeof frame.detail === 'string' ? frame.detail : '' });
          setLink('closed');
          ws.close(1000, 'refused');
        } else if (isConsoleFrame(frame, serverId)) {
          add(frame.lines.map((l) => ({ kind: 'line', n: next(), time: l.time, text: l.line })));
        }
      };
      ws.onclose = (event) => {
        if (stopped || socket !== ws) return;
        if (isFinalClose(event.code)) {
          setLink('closed');
          setProblem({ kind: 'closed', reason: event.reason });
          return;
        }
        attempts += 1;
        setLink('reconnecting');
        retry = setTimeout(connect, reconnectDelay(attempts));
      };
    };
    connect();

    return () => {
      stopped = true;
      history.abort();
      if (retry !== undefined) clearTimeout(retry);
      socket?.close(1000, 'view closed');
    };
  }, [api, serverId]);

  /** A command typed here, shown in the console until its result replaces `pending`. */
  const addCommand = useCallback((command: string): number => {
    const n = next();
    setEntries((current) => [...current, { kind: 'command' as const, n, command, outcome: 'pending' as const, output: '' }].slice(-MAX_ENTRIES));
    return n;
  }, []);

  const settleCommand = useCallback((n: number, outcome: CommandOutcome, output: string) => {
    setEntries((current) => current.map((e) => (e.kind === 'command' && e.n === n ? { ...e, outcome, output } : e)));
  }, []);

  return { entries, link, problem, subscribed, addCommand, settleCommand };
}

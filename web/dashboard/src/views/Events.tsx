import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { BusyButton, Field, Notice } from '../components';
import { describeError } from '../errors';
import { formatData } from '../format';
import { isFinalClose, reconnectDelay } from '../reconnect';
import type { EventFrame, EventPage, GameEvent, HistoryEvent } from '../types';

/** Kept in memory at most; older ones are dropped from the view (history paging brings them back). */
const MAX_ITEMS = 2000;
const PAGE_SIZE = 50;
/** Suggestions for the type filter (the hub's built-in types); any other type can be typed in. */
const KNOWN_TYPES = ['player_join', 'player_leave', 'player_quit', 'player_chat', 'player_death', 'message', 'server_command', 'server_start', 'server_stop', 'ai_chat', 'blacklist_hit'];

interface Item extends GameEvent {
  id: number;
  source: string | null;
  live: boolean;
}

interface Filters {
  type: string;
  server: string;
}

type LinkState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** What the stream told us last, worded at render: the close reason or the retry delay. */
type LinkNote = { kind: 'closed'; reason: string } | { kind: 'retrying'; seconds: number };

function matches(item: Item, f: Filters): boolean {
  return (f.type === '' || item.event_type === f.type) && (f.server === '' || item.server_name === f.server);
}

function fromHistory(e: HistoryEvent): Item {
  return { id: e.id, event_type: e.event_type, server_name: e.server_name, timestamp: e.timestamp, data: e.data, source: e.source_key_id_prefix, live: false };
}

function isFrame(value: unknown): value is EventFrame {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<EventFrame>;
  return v.type === 'minecraft_event' && typeof v.id === 'number' && typeof v.event === 'object' && v.event !== null;
}

/** Merges newest-first without duplicates: a replay after reconnecting may resend what history showed. */
function merge(current: Item[], incoming: Item[]): Item[] {
  const byId = new Map<number, Item>();
  for (const item of current) byId.set(item.id, item);
  for (const item of incoming) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, MAX_ITEMS);
}

/** Same origin as the page, so it works behind any host, port or TLS terminator (never a fixed localhost URL). */
function socketUrl(since: number | undefined): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${since === undefined ? '' : `?since=${since}`}`;
}

export function EventsView({ api }: ViewProps) {
  const { t, fmt } = useI18n();
  const [items, setItems] = useState<Item[]>([]);
  const [draft, setDraft] = useState<Filters>({ type: '', server: '' });
  const [filters, setFilters] = useState<Filters>({ type: '', server: '' });
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [historyFailure, setHistoryFailure] = useState<{ err: unknown } | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [paused, setPaused] = useState(false);
  const [pending, setPending] = useState<Item[]>([]);
  const [link, setLink] = useState<LinkState>('connecting');
  const [linkNote, setLinkNote] = useState<LinkNote | undefined>(undefined);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  // History for the applied filters: the newest page.
  useEffect(() => {
    const controller = new AbortController();
    setHistoryFailure(undefined);
    api
      .get<EventPage>('/api/events', { type: filters.type, server: filters.server, limit: PAGE_SIZE }, controller.signal)
      .then((page) => {
        setItems((current) => merge(current, page.events.map(fromHistory)));
        setNextBefore(page.next_before);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setHistoryFailure({ err });
      });
    return () => controller.abort();
  }, [api, filters]);

  // The live stream. One socket per view; every timer and socket is released on unmount.
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let lastId: number | undefined;
    let stopped = false;

    const deliver = (item: Item) => {
      lastId = Math.max(lastId ?? 0, item.id);
      if (pausedRef.current) setPending((p) => [item, ...p].slice(0, MAX_ITEMS));
      else setItems((current) => merge(current, [item]));
    };

    const connect = () => {
      if (stopped) return;
      setLink(attempts === 0 ? 'connecting' : 'reconnecting');
      // Browsers cannot send an Authorization header on a WebSocket; the hub reads the key from the subprotocol list.
      const ws = new WebSocket(socketUrl(lastId), ['interconnect', api.key]);
      socket = ws;
      ws.onopen = () => {
        attempts = 0;
        setLink('live');
        setLinkNote(undefined);
      };
      ws.onmessage = (message) => {
        if (typeof message.data !== 'string') return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(message.data);
        } catch {
          return;
        }
        if (!isFrame(parsed)) return;
        deliver({ id: parsed.id, ...parsed.event, source: parsed.source_key_id_prefix, live: true });
      };
      ws.onclose = (event) => {
        if (stopped || socket !== ws) return;
        if (isFinalClose(event.code)) {
          setLink('closed');
          setLinkNote({ kind: 'closed', reason: event.reason });
          return;
        }
        attempts += 1;
        const delay = reconnectDelay(attempts);
        setLink('reconnecting');
        setLinkNote({ kind: 'retrying', seconds: Math.round(delay / 1000) });
        retry = setTimeout(connect, delay);
      };
    };

    // Start from the newest stored event so nothing between the history load and the socket is lost.
    api
      .get<EventPage>('/api/events', { limit: 1 })
      .then((page) => {
        lastId = page.events[0]?.id ?? 0;
      })
      .catch(() => undefined)
      .finally(connect);

    return () => {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      socket?.close(1000, 'view closed');
    };
  }, [api]);

  const resume = () => {
    setItems((current) => merge(current, pending));
    setPending([]);
    setPaused(false);
  };

  const loadOlder = async () => {
    if (nextBefore === null || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api.get<EventPage>('/api/events', { type: filters.type, server: filters.server, before: nextBefore, limit: PAGE_SIZE });
      setItems((current) => [...current, ...page.events.map(fromHistory).filter((e) => !current.some((c) => c.id === e.id))].sort((a, b) => b.id - a.id));
      setNextBefore(page.next_before);
    } catch (err) {
      setHistoryFailure({ err });
    } finally {
      setLoadingOlder(false);
    }
  };

  const historyError = historyFailure === undefined ? undefined : describeError(historyFailure.err, t);
  const linkMessage =
    linkNote === undefined
      ? undefined
      : linkNote.kind === 'closed'
        ? t('events.closed', { reason: linkNote.reason || t('events.closedDefault') })
        : t('events.retrying', { count: linkNote.seconds });
  const visible = useMemo(() => items.filter((i) => matches(i, filters)), [items, filters]);
  const servers = useMemo(() => [...new Set(items.map((i) => i.server_name))].sort(), [items]);
  const types = useMemo(() => [...new Set([...KNOWN_TYPES, ...items.map((i) => i.event_type)])].sort(), [items]);

  return (
    <div>
      <h1>{t('nav.events')}</h1>
      <div class="toolbar">
        <span class={`pill link-${link}`} id="stream-state" role="status">
          {t(`events.link.${link}`)}
        </span>
        {paused ? (
          <button type="button" id="resume" class="primary" onClick={resume}>
            {t('events.resume', { count: pending.length })}
          </button>
        ) : (
          <button type="button" id="pause" onClick={() => setPaused(true)}>
            {t('events.pause')}
          </button>
        )}
      </div>
      <Notice kind="info">{linkMessage}</Notice>
      <form
        class="filters"
        id="event-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setNextBefore(null);
          setFilters({ type: draft.type.trim(), server: draft.server.trim() });
        }}
      >
        <Field label={t('common.type')} id="filter-type">
          <input id="filter-type" list="event-types" value={draft.type} onInput={(e) => setDraft({ ...draft, type: e.currentTarget.value })} placeholder={t('common.any')} />
        </Field>
        <datalist id="event-types">
          {types.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <Field label={t('common.server')} id="filter-server">
          <input id="filter-server" list="event-servers" value={draft.server} onInput={(e) => setDraft({ ...draft, server: e.currentTarget.value })} placeholder={t('common.any')} />
        </Field>
        <datalist id="event-servers">
          {servers.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button type="submit">{t('common.applyFilters')}</button>
        {(filters.type !== '' || filters.server !== '') && (
          <button
            type="button"
            onClick={() => {
              setDraft({ type: '', server: '' });
              setNextBefore(null);
              setFilters({ type: '', server: '' });
            }}
          >
            {t('common.clear')}
          </button>
        )}
      </form>
      <Notice kind="error">{historyError}</Notice>
      {visible.length === 0 ? (
        <p class="empty">{filters.type !== '' || filters.server !== '' ? t('events.noMatch') : t('events.none')}</p>
      ) : (
        <ol class="events" id="event-list" aria-live="off">
          {visible.map((item) => (
            <li key={item.id} class="event" data-event-id={item.id}>
              <div class="event-head">
                <span class="badge">{item.event_type}</span>
                <span class="mono">{item.server_name}</span>
                <time dateTime={item.timestamp}>{fmt.dateTime(item.timestamp)}</time>
                <span class="hint">
                  #{item.id}
                  {item.source !== null ? ` · ${t('events.key', { key: item.source })}` : ''}
                  {item.live ? ` · ${t('events.live')}` : ''}
                </span>
              </div>
              {/* A text node: whatever a key posted is shown, never interpreted as markup. */}
              <pre class="event-data">{formatData(item.data)}</pre>
            </li>
          ))}
        </ol>
      )}
      {nextBefore !== null && (
        <BusyButton id="older-events" busy={loadingOlder} busyLabel={t('common.loading')} onClick={() => void loadOlder()}>
          {t('events.older')}
        </BusyButton>
      )}
    </div>
  );
}

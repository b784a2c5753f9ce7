import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { Notice } from '../components';
import { useLoad } from '../hooks';
import { TimeChart } from '../TimeChart';
import type { EventPage, EventStats, Health, HistoryPage, ServerInfo } from '../types';

/** The window the event rate is measured over, and the most events one request may count. */
const RATE_WINDOW_MIN = 5;
const RATE_LIMIT = 500;

interface Figures {
  health: Health;
  servers: ServerInfo[];
  recentEvents: number;
  capped: boolean;
}

export function OverviewView({ api }: ViewProps) {
  const { t } = useI18n();
  const { data, error } = useLoad<Figures>(
    async (signal) => {
      const from = new Date(Date.now() - RATE_WINDOW_MIN * 60_000).toISOString();
      const [health, servers, recent] = await Promise.all([
        api.request<Health>('GET', '/health', { signal, accept: [500] }),
        api.get<ServerInfo[]>('/api/servers', undefined, signal),
        api.get<EventPage>('/api/events', { from, limit: RATE_LIMIT }, signal),
      ]);
      return { health, servers, recentEvents: recent.events.length, capped: recent.next_before !== null };
    },
    [api],
    5000,
  );

  return (
    <div>
      <h1>{t('nav.overview')}</h1>
      <Notice kind="error">{error}</Notice>
      {data && <Figures {...data} />}
      {!data && !error && <p class="loading">{t('common.loading')}</p>}
      <Charts api={api} />
    </div>
  );
}

/** The most servers the players chart draws, each a line of its own. */
const CHART_SERVERS = 8;
const DAY_MS = 86_400_000;
/** Samples further apart than this leave a gap in a server's line: it did not report in between. */
const GAP_S = 150;

interface ChartData {
  eventsHour: EventStats;
  eventsDay: EventStats;
  commands: EventStats;
  histories: HistoryPage[];
  moreServers: boolean;
  /** The last day, in Unix seconds, as the histories were asked for. */
  playersRange: [number, number];
}

function Charts({ api }: Pick<ViewProps, 'api'>) {
  const { t } = useI18n();
  const { data, error } = useLoad<ChartData>(
    async (signal) => {
      const now = Date.now();
      const dayAgo = new Date(now - DAY_MS).toISOString();
      const servers = await api.get<ServerInfo[]>('/api/servers', undefined, signal);
      const charted = servers.slice(0, CHART_SERVERS);
      const [eventsHour, eventsDay, commands, histories] = await Promise.all([
        api.get<EventStats>('/api/events/stats', { bucket: 'minute' }, signal),
        api.get<EventStats>('/api/events/stats', { bucket: 'minute', from: dayAgo }, signal),
        api.get<EventStats>('/api/events/stats', { bucket: 'hour', type: 'server_command' }, signal),
        Promise.all(charted.map((s) => api.get<HistoryPage>('/api/server/history', { server_id: s.server_id, from: dayAgo, to: new Date(now).toISOString() }, signal))),
      ]);
      return { eventsHour, eventsDay, commands, histories, moreServers: servers.length > charted.length, playersRange: [(now - DAY_MS) / 1000, now / 1000] };
    },
    [api],
    30_000,
  );
  return (
    <section aria-labelledby="charts-title">
      <h2 id="charts-title">{t('charts.title')}</h2>
      <Notice kind="error">{error}</Notice>
      {!data && !error && <p class="loading">{t('common.loading')}</p>}
      {data && (
        <div class="charts">
          <CountChart id="chart-events-hour" title={t('charts.eventsHour')} stats={data.eventsHour} label={t('charts.events')} empty={t('charts.noEvents')} kind="bars" />
          <CountChart id="chart-events-day" title={t('charts.eventsDay')} stats={data.eventsDay} label={t('charts.events')} empty={t('charts.noEvents')} kind="line" />
          <PlayersChart histories={data.histories} moreServers={data.moreServers} range={data.playersRange} />
          <CountChart id="chart-commands" title={t('charts.commands')} stats={data.commands} label={t('charts.commandsSeries')} empty={t('charts.noCommands')} kind="bars" />
        </div>
      )}
    </section>
  );
}

function CountChart({ id, title, stats, label, empty, kind }: { id: string; title: string; stats: EventStats; label: string; empty: string; kind: 'line' | 'bars' }) {
  const { t, fmt } = useI18n();
  const counts = stats.counts.map((c) => c.count);
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return <EmptyChart id={id} title={title} text={empty} />;
  const peak = Math.max(...counts);
  const range: [number, number] = [Date.parse(stats.from) / 1000, Date.parse(stats.to) / 1000];
  return (
    <div>
      <TimeChart id={id} title={title} kind={kind} times={stats.counts.map((c) => Date.parse(c.time) / 1000)} range={range} series={[{ label, values: counts }]} />
      <p class="hint" id={`${id}-summary`}>
        {t(stats.bucket === 'hour' ? 'charts.summaryHour' : 'charts.summaryMinute', { total: fmt.number(total), peak: fmt.number(peak) })}
      </p>
    </div>
  );
}

function PlayersChart({ histories, moreServers, range }: { histories: HistoryPage[]; moreServers: boolean; range: [number, number] }) {
  const { t } = useI18n();
  const title = t('charts.players');
  const drawn = histories.filter((h) => h.points.length > 0);
  if (drawn.length === 0) return <EmptyChart id="chart-players" title={title} text={t('charts.noPlayers')} />;
  const { times, series } = alignHistories(drawn);
  return (
    <div>
      <TimeChart id="chart-players" title={title} kind="line" times={times} range={range} series={series} />
      {moreServers && <p class="hint">{t('charts.moreServers', { count: CHART_SERVERS })}</p>}
    </div>
  );
}

function EmptyChart({ id, title, text }: { id: string; title: string; text: string }) {
  return (
    <figure class="chart" id={id}>
      <figcaption>{title}</figcaption>
      <p class="empty chart-empty">{text}</p>
    </figure>
  );
}

/**
 * One time axis for every server's samples: a server without a sample at a time has none there
 * (its line passes over it), and a null after a long silence breaks its line.
 */
function alignHistories(histories: HistoryPage[]) {
  const perServer = histories.map((h) => {
    const values = new Map<number, number | null>();
    let previous: number | undefined;
    for (const point of h.points) {
      const time = Math.floor(Date.parse(point.time) / 1000);
      if (previous !== undefined && time - previous > GAP_S) values.set(previous + 60, null);
      values.set(time, point.online_players);
      previous = time;
    }
    return values;
  });
  const times = [...new Set(perServer.flatMap((v) => [...v.keys()]))].sort((a, b) => a - b);
  const series = histories.map((h, i) => {
    const values = perServer[i]!;
    // undefined: no sample of this server at that time; uPlot draws across it.
    return { label: h.server_id, values: times.map((time) => values.get(time)) };
  });
  return { times, series };
}

function Figures({ health, servers, recentEvents, capped }: Figures) {
  const { t, fmt } = useI18n();
  const running = servers.filter((s) => s.status === 'running');
  const players = running.reduce((sum, s) => sum + (s.online_players ?? 0), 0);
  const rate = recentEvents / RATE_WINDOW_MIN;
  return (
    <>
      <dl class="stats" id="overview-stats">
        <Stat id="stat-status" label={t('overview.service')} value={t(`overview.health.${health.status}`)} tone={health.status === 'healthy' ? 'good' : 'bad'} />
        <Stat id="stat-connected" label={t('overview.connected')} value={`${fmt.number(running.length)} / ${fmt.number(servers.length)}`} />
        <Stat id="stat-players" label={t('overview.players')} value={fmt.number(players)} />
        <Stat
          id="stat-rate"
          label={t('overview.rate', { count: RATE_WINDOW_MIN })}
          value={`${capped ? '≥ ' : ''}${fmt.number(rate, 1)}`}
        />
        <Stat id="stat-ws" label={t('overview.ws')} value={fmt.number(health.active_ws)} />
        <Stat id="stat-keys" label={t('overview.keysTotal')} value={fmt.number(health.keys_total)} />
        <Stat id="stat-admin" label={t('overview.adminActive')} value={fmt.number(health.admin_active)} />
        <Stat id="stat-regular" label={t('overview.regularActive')} value={fmt.number(health.regular_active)} />
        <Stat id="stat-server" label={t('overview.serverActive')} value={fmt.number(health.server_active)} />
      </dl>
      <h2>{t('overview.gameServers')}</h2>
      {servers.length === 0 ? (
        <p class="empty">{t('servers.none')}</p>
      ) : (
        <ul class="server-chips">
          {servers.map((s) => (
            <li key={s.server_id} class={`chip ${s.status}`}>
              <span class="mono">{s.server_id}</span> · {s.status === 'running' ? t('servers.online') : t('servers.offline')} ·{' '}
              {t('overview.lastSeen', { when: fmt.ago(s.last_seen) ?? t('common.never') })}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('overview.refresh', { count: 5, time: fmt.time(health.timestamp) })}</p>
    </>
  );
}

function Stat({ id, label, value, tone }: { id: string; label: string; value: string; tone?: 'good' | 'bad' }) {
  return (
    <div class={`stat ${tone ?? ''}`} id={id}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

import type { ViewProps } from '../App';
import { Notice } from '../components';
import { formatAgo, formatNumber } from '../format';
import { useLoad } from '../hooks';
import type { EventPage, Health, ServerInfo } from '../types';

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
      <h1>Overview</h1>
      <Notice kind="error">{error}</Notice>
      {data && <Figures {...data} />}
      {!data && !error && <p class="loading">Loading…</p>}
    </div>
  );
}

function Figures({ health, servers, recentEvents, capped }: Figures) {
  const running = servers.filter((s) => s.status === 'running');
  const players = running.reduce((sum, s) => sum + (s.online_players ?? 0), 0);
  const rate = recentEvents / RATE_WINDOW_MIN;
  return (
    <>
      <dl class="stats" id="overview-stats">
        <Stat id="stat-status" label="Service" value={health.status} tone={health.status === 'healthy' ? 'good' : 'bad'} />
        <Stat id="stat-connected" label="Game servers connected" value={`${running.length} / ${servers.length}`} />
        <Stat id="stat-players" label="Players online" value={formatNumber(players)} />
        <Stat
          id="stat-rate"
          label={`Events / min (last ${RATE_WINDOW_MIN} min)`}
          value={`${capped ? '≥ ' : ''}${formatNumber(rate, 1)}`}
        />
        <Stat id="stat-ws" label="WebSocket connections" value={formatNumber(health.active_ws)} />
        <Stat id="stat-keys" label="Keys in total" value={formatNumber(health.keys_total)} />
        <Stat id="stat-admin" label="Active Admin Keys" value={formatNumber(health.admin_active)} />
        <Stat id="stat-regular" label="Active Regular Keys" value={formatNumber(health.regular_active)} />
        <Stat id="stat-server" label="Active Server Keys" value={formatNumber(health.server_active)} />
      </dl>
      <h2>Game servers</h2>
      {servers.length === 0 ? (
        <p class="empty">No game server has connected yet. A game server connects to /ws with its Server Key.</p>
      ) : (
        <ul class="server-chips">
          {servers.map((s) => (
            <li key={s.server_id} class={`chip ${s.status}`}>
              <span class="mono">{s.server_id}</span> · {s.status === 'running' ? 'online' : 'offline'} · last seen {formatAgo(s.last_seen)}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">Figures refresh every 5 seconds. Checked at {new Date(health.timestamp).toLocaleTimeString()}.</p>
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

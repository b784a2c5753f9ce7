import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { Notice } from '../components';
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
    </div>
  );
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

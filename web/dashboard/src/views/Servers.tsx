import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { Notice } from '../components';
import { useLoad } from '../hooks';
import { BASE, navigate, useSubRoute } from '../router';
import type { ServerInfo } from '../types';
import { ConsoleView } from './Console';

function ConsoleLink({ server }: { server: string }) {
  const { t } = useI18n();
  const route = `servers/${encodeURIComponent(server)}`;
  return (
    <a
      href={BASE + route}
      class="console-link"
      aria-label={t('console.openFor', { server })}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(route);
      }}
    >
      {t('console.open')}
    </a>
  );
}

/** `servers` lists the game servers; `servers/<id>` is that server's console. */
export function ServersView(props: ViewProps) {
  const sub = useSubRoute();
  return sub === '' ? <ServerList {...props} /> : <ConsoleView {...props} serverId={sub} key={sub} />;
}

function ServerList({ api, session }: ViewProps) {
  const { t, fmt } = useI18n();
  const servers = useLoad<ServerInfo[]>((signal) => api.get('/api/servers', undefined, signal), [api], 5000);
  const list = servers.data ?? [];
  // A regular key's servers that have not reported yet still get a console to watch for their first lines.
  const waiting = session.servers.filter((id) => !list.some((s) => s.server_id === id)).sort();

  return (
    <div>
      <h1>{t('nav.servers')}</h1>
      <Notice kind="error">{servers.error}</Notice>
      {servers.data && list.length === 0 && <p class="empty">{t('servers.none')}</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table id="servers-table" class="stack">
            <thead>
              <tr>
                <th scope="col">{t('common.server')}</th>
                <th scope="col">{t('console.title')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('servers.players')}</th>
                <th scope="col">{t('servers.tps')}</th>
                <th scope="col">{t('servers.version')}</th>
                <th scope="col">{t('servers.uptime')}</th>
                <th scope="col">{t('servers.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.server_id} id={`server-${s.server_id}`}>
                  <td class="mono" data-label={t('common.server')}>{s.server_id}</td>
                  <td class="actions">
                    <ConsoleLink server={s.server_id} />
                  </td>
                  <td data-label={t('common.status')}>
                    <span class={`pill ${s.status === 'running' ? 'on' : 'off'}`}>{s.status === 'running' ? t('servers.online') : t(`servers.state.${s.status}`)}</span>
                  </td>
                  <td data-label={t('servers.players')}>
                    {s.online_players === null ? t('common.none') : `${fmt.number(s.online_players)} / ${fmt.number(s.max_players)}`}
                    {s.players.length > 0 && <div class="hint players">{s.players.join(', ')}</div>}
                  </td>
                  <td data-label={t('servers.tps')}>{fmt.number(s.tps, 1)}</td>
                  <td data-label={t('servers.version')}>{s.version ?? t('common.none')}</td>
                  <td data-label={t('servers.uptime')}>{s.uptime ?? t('common.none')}</td>
                  <td data-label={t('servers.lastSeen')} title={fmt.dateTime(s.last_seen)}>{fmt.ago(s.last_seen) ?? t('common.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {waiting.length > 0 && (
        <section class="card" aria-labelledby="servers-waiting">
          <h2 id="servers-waiting">{t('servers.waiting')}</h2>
          <ul>
            {waiting.map((id) => (
              <li key={id}>
                <span class="mono">{id}</span> <ConsoleLink server={id} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

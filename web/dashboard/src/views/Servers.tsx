import { useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../../shared/i18n/preact';
import { ApiError } from '../api';
import type { ViewProps } from '../App';
import { Field, Notice } from '../components';
import { describeError } from '../errors';
import { useLoad } from '../hooks';
import type { CommandResponse, ServerInfo } from '../types';

interface ConsoleLine {
  n: number;
  server: string;
  command: string;
  ok: boolean | null;
  output: string;
}

/** Why a command went nowhere, in the operator's terms, with the service's own reason. */
function refusal(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return t('console.refused', { reason: err.message });
    if (err.status === 503) return t('console.notDelivered', { reason: err.message });
    if (err.status === 504) return t('console.noAnswer', { reason: err.message });
  }
  return describeError(err, t);
}

export function ServersView({ api, session }: ViewProps) {
  const { t, fmt } = useI18n();
  const isAdmin = session.tier === 'admin';
  const servers = useLoad<ServerInfo[]>((signal) => api.get('/api/servers', undefined, signal), [api], 5000);
  const list = servers.data ?? [];
  const choices = [...new Set([...list.map((s) => s.server_id), ...session.servers])].sort();

  return (
    <div>
      <h1>{t('nav.servers')}</h1>
      <Notice kind="error">{servers.error}</Notice>
      {servers.data && list.length === 0 && <p class="empty">{t('servers.none')}</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table id="servers-table">
            <thead>
              <tr>
                <th scope="col">{t('common.server')}</th>
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
                  <td class="mono">{s.server_id}</td>
                  <td>
                    <span class={`pill ${s.status === 'running' ? 'on' : 'off'}`}>{s.status === 'running' ? t('servers.online') : t(`servers.state.${s.status}`)}</span>
                  </td>
                  <td>
                    {s.online_players === null ? t('common.none') : `${fmt.number(s.online_players)} / ${fmt.number(s.max_players)}`}
                    {s.players.length > 0 && <div class="hint players">{s.players.join(', ')}</div>}
                  </td>
                  <td>{fmt.number(s.tps, 1)}</td>
                  <td>{s.version ?? t('common.none')}</td>
                  <td>{s.uptime ?? t('common.none')}</td>
                  <td title={fmt.dateTime(s.last_seen)}>{fmt.ago(s.last_seen) ?? t('common.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Console api={api} isAdmin={isAdmin} choices={choices} />
    </div>
  );
}

function Console({ api, isAdmin, choices }: { api: ViewProps['api']; isAdmin: boolean; choices: string[] }) {
  const { t } = useI18n();
  const [server, setServer] = useState('');
  const [command, setCommand] = useState('');
  const [lines, setLines] = useState<ConsoleLine[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const counter = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  const target = server !== '' ? server : (choices[0] ?? '');

  const send = async (e: Event) => {
    e.preventDefault();
    const text = command.trim();
    if (text === '') return;
    setBusy(true);
    setError(undefined);
    counter.current += 1;
    const n = counter.current;
    try {
      // A Regular Key may only act on its own server, which the service picks; sending one would be ignored.
      const res = await api.request<CommandResponse>('POST', '/api/server/command', { json: { command: text, server_id: isAdmin ? target : undefined } });
      setLines((l) => [...l, { n, server: res.server_id, command: res.command, ok: res.result.success, output: res.result.output }].slice(-200));
      setCommand('');
    } catch (err) {
      const reason = refusal(err, t);
      setError(reason);
      setLines((l) => [...l, { n, server: target, command: text, ok: null, output: reason }].slice(-200));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <section class="card console" aria-labelledby="console-title">
      <h2 id="console-title">{t('console.title')}</h2>
      <form id="console-form" onSubmit={send} class="console-form">
        {isAdmin ? (
          <Field label={t('common.server')} id="console-server" hint={t('console.serverHint')}>
            <input id="console-server" class="mono" list="console-servers" value={target} onInput={(e) => setServer(e.currentTarget.value)} required />
          </Field>
        ) : (
          <p class="hint">{choices.length > 0 ? t('console.ownServers', { servers: choices.join(', ') }) : t('console.ownServer')}</p>
        )}
        <datalist id="console-servers">
          {choices.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Field label={t('console.command')} id="console-command">
          <input
            id="console-command"
            ref={input}
            class="mono"
            value={command}
            maxLength={4096}
            autoComplete="off"
            spellcheck={false}
            placeholder="say Hello"
            onInput={(e) => setCommand(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary" disabled={busy || command.trim() === ''}>
          {busy ? t('console.waiting') : t('console.send')}
        </button>
      </form>
      <Notice kind="error">{error}</Notice>
      <ol class="console-log" id="console-log" aria-live="polite">
        {lines.map((line) => (
          <li key={line.n} class={line.ok === null ? 'refused' : line.ok ? 'ok' : 'failed'}>
            <div class="mono">
              <span class="hint">{line.server} ›</span> {line.command}
            </div>
            <pre class="console-output">{line.output === '' ? t('console.noOutput') : line.output}</pre>
            <span class="hint">{line.ok === null ? t('console.notExecuted') : line.ok ? t('console.success') : t('console.failed')}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

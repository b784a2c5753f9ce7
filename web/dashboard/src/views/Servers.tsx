import { useRef, useState } from 'preact/hooks';
import { ApiError, errorText } from '../api';
import type { ViewProps } from '../App';
import { Field, Notice } from '../components';
import { formatAgo, formatNumber, formatTime } from '../format';
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
function refusal(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return `Refused: ${err.message}. The service's command policy blocks this command for Admin Keys.`;
    if (err.status === 503) return `Not delivered: ${err.message}`;
    if (err.status === 504) return `No answer: ${err.message}. The command reached the game server, which did not answer in time.`;
  }
  return errorText(err);
}

export function ServersView({ api, session }: ViewProps) {
  const isAdmin = session.tier === 'admin';
  const servers = useLoad<ServerInfo[]>((signal) => api.get('/api/servers', undefined, signal), [api], 5000);
  const list = servers.data ?? [];
  const choices = [...new Set([...list.map((s) => s.server_id), ...session.servers])].sort();

  return (
    <div>
      <h1>Servers</h1>
      <Notice kind="error">{servers.error}</Notice>
      {servers.data && list.length === 0 && <p class="empty">No game server has connected yet. A game server connects to /ws with its Server Key.</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table id="servers-table">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Status</th>
                <th scope="col">Players</th>
                <th scope="col">TPS</th>
                <th scope="col">Version</th>
                <th scope="col">Uptime</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.server_id} id={`server-${s.server_id}`}>
                  <td class="mono">{s.server_id}</td>
                  <td>
                    <span class={`pill ${s.status === 'running' ? 'on' : 'off'}`}>{s.status === 'running' ? 'online' : s.status}</span>
                  </td>
                  <td>
                    {s.online_players === null ? '—' : `${formatNumber(s.online_players)} / ${formatNumber(s.max_players)}`}
                    {s.players.length > 0 && <div class="hint players">{s.players.join(', ')}</div>}
                  </td>
                  <td>{formatNumber(s.tps, 1)}</td>
                  <td>{s.version ?? '—'}</td>
                  <td>{s.uptime ?? '—'}</td>
                  <td title={formatTime(s.last_seen)}>{formatAgo(s.last_seen)}</td>
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
      const reason = refusal(err);
      setError(reason);
      setLines((l) => [...l, { n, server: target, command: text, ok: null, output: reason }].slice(-200));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <section class="card console" aria-labelledby="console-title">
      <h2 id="console-title">Console</h2>
      <form id="console-form" onSubmit={send} class="console-form">
        {isAdmin ? (
          <Field label="Server" id="console-server" hint="Pick a connected server or type its ID.">
            <input id="console-server" class="mono" list="console-servers" value={target} onInput={(e) => setServer(e.currentTarget.value)} required />
          </Field>
        ) : (
          <p class="hint">Commands go to your key's own server{choices.length > 0 ? ` (${choices.join(', ')})` : ''}.</p>
        )}
        <datalist id="console-servers">
          {choices.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Field label="Command" id="console-command">
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
          {busy ? 'Waiting for the server…' : 'Send'}
        </button>
      </form>
      <Notice kind="error">{error}</Notice>
      <ol class="console-log" id="console-log" aria-live="polite">
        {lines.map((line) => (
          <li key={line.n} class={line.ok === null ? 'refused' : line.ok ? 'ok' : 'failed'}>
            <div class="mono">
              <span class="hint">{line.server} ›</span> {line.command}
            </div>
            <pre class="console-output">{line.output === '' ? '(no output)' : line.output}</pre>
            <span class="hint">{line.ok === null ? 'not executed' : line.ok ? 'success' : 'the game server reported a failure'}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

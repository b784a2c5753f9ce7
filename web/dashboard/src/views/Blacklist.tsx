import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../api';
import type { ViewProps } from '../App';
import { ConfirmButton, Field, Notice } from '../components';
import { formatNumber, formatTime } from '../format';
import { useLoad } from '../hooks';
import type { ApiKey, BlackbeEnvelope, BlacklistSettings, CheckInfo, ImportResult, Piece, PiecePage, Repository } from '../types';

const PAGE_SIZE = 20;
type Message = { kind: 'ok' | 'error'; text: string } | null;

export function BlacklistView({ api, session }: ViewProps) {
  const repos = useLoad<Repository[]>((signal) => api.get('/manage/blacklist/repositories', undefined, signal), [api]);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const list = repos.data ?? [];
  const current = list.find((r) => r.uuid === selected) ?? null;

  const removeRepository = async (repo: Repository) => {
    try {
      await api.request('DELETE', `/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}`);
      setMessage({ kind: 'ok', text: `Deleted repository “${repo.name}”.` });
      if (selected === repo.uuid) setSelected(null);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
    repos.reload();
  };

  return (
    <div>
      <h1>Blacklist</h1>
      <CheckPlayer api={api} />
      <h2>Repositories</h2>
      <p class="hint">
        {session.tier === 'admin' ? 'Every repository on this service.' : 'The repositories your key owns.'} Game servers check joins against the public list and their
        Regular Key's repositories.
      </p>
      <Notice kind="error">{repos.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {repos.data && list.length === 0 && <p class="empty">No repositories yet.</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table id="repositories-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Visibility</th>
                <th scope="col">Pieces</th>
                <th scope="col">Server</th>
                <th scope="col">Owner</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.uuid} id={`repo-${r.uuid}`} aria-current={r.uuid === selected ? 'true' : undefined}>
                  <td>
                    <strong>{r.name}</strong>
                    <div class="hint mono">{r.uuid}</div>
                  </td>
                  <td>{r.type === 1 ? 'readable by UUID' : 'owner only'}</td>
                  <td>{formatNumber(r.list_num)}</td>
                  <td>
                    {r.server || '—'}
                    {r.server_type !== '' && <div class="hint">{r.server_type}</div>}
                  </td>
                  <td class="mono">{r.owner_key_id === null ? 'service' : r.owner_key_id.slice(0, 8)}</td>
                  <td class="actions">
                    <button type="button" onClick={() => setSelected(r.uuid)}>
                      Open
                    </button>
                    <ConfirmButton
                      label="Delete"
                      question={`Delete “${r.name}” and its ${r.list_num} pieces?`}
                      confirmLabel="Yes, delete"
                      onConfirm={() => removeRepository(r)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {current && <Pieces key={current.uuid} api={api} repo={current} onChanged={repos.reload} />}
      <Enforcement api={api} isAdmin={session.tier === 'admin'} />
      <CreateRepository
        api={api}
        onCreated={(repo) => {
          repos.reload();
          setSelected(repo.uuid);
          setMessage({ kind: 'ok', text: `Created repository “${repo.name}”.` });
        }}
      />
    </div>
  );
}

function CheckPlayer({ api }: { api: ViewProps['api'] }) {
  const [query, setQuery] = useState({ name: '', qq: '', xuid: '' });
  const [result, setResult] = useState<{ exist: boolean; info: CheckInfo[]; message: string } | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);

  const check = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setResult(null);
    try {
      // The same call a game server's plugin makes, with this key as its token: public list plus own repositories.
      const res = await api.request<BlackbeEnvelope<{ exist?: boolean; info?: CheckInfo[] } | unknown[]>>('GET', '/openapi/v3/check', {
        query: { name: query.name.trim(), qq: query.qq.trim(), xuid: query.xuid.trim() },
      });
      if (res.status !== 2000 && res.status !== 2001) {
        setError(res.message);
        return;
      }
      const data = Array.isArray(res.data) ? {} : res.data;
      setResult({ exist: data.exist === true, info: data.info ?? [], message: res.message });
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="card" aria-labelledby="check-title">
      <h2 id="check-title">Check a player</h2>
      <form class="filters" id="check-form" onSubmit={check}>
        <Field label="Player name" id="check-name">
          <input id="check-name" value={query.name} onInput={(e) => setQuery({ ...query, name: e.currentTarget.value })} />
        </Field>
        <Field label="QQ" id="check-qq">
          <input id="check-qq" inputMode="numeric" value={query.qq} onInput={(e) => setQuery({ ...query, qq: e.currentTarget.value })} />
        </Field>
        <Field label="XUID" id="check-xuid">
          <input id="check-xuid" inputMode="numeric" value={query.xuid} onInput={(e) => setQuery({ ...query, xuid: e.currentTarget.value })} />
        </Field>
        <button type="submit" class="primary">
          Check
        </button>
      </form>
      <Notice kind="error">{error}</Notice>
      {result && (
        <div id="check-result" role="status">
          <p class={result.exist ? 'notice notice-error' : 'notice notice-ok'}>
            {result.exist ? `Blacklisted: found in ${result.info.length} ${result.info.length === 1 ? 'entry' : 'entries'}.` : 'Not on any list this key checks.'}
          </p>
          {result.info.length > 0 && (
            <ul>
              {result.info.map((i) => (
                <li key={i.uuid}>
                  <strong>{i.name}</strong> · level {i.level} · {i.info || 'no reason given'} <span class="hint mono">(repository {i.black_id})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Pieces({ api, repo, onChanged }: { api: ViewProps['api']; repo: Repository; onChanged: () => void }) {
  const [page, setPage] = useState(1);
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const pieces = useLoad<PiecePage>(
    (signal) => api.get(`/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}/pieces`, { page, page_size: PAGE_SIZE, q }, signal),
    [api, repo.uuid, page, q],
  );
  const pages = Math.max(1, Math.ceil((pieces.data?.total ?? 0) / PAGE_SIZE));

  useEffect(() => heading.current?.focus(), []);

  const changed = (m: Message) => {
    setMessage(m);
    pieces.reload();
    onChanged();
  };

  const remove = async (piece: Piece) => {
    try {
      await api.request('DELETE', `/manage/blacklist/pieces/${encodeURIComponent(piece.uuid)}`);
      changed({ kind: 'ok', text: `Removed ${piece.name}.` });
    } catch (err) {
      changed({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <section class="card" id="pieces" aria-labelledby="pieces-title">
      <h2 id="pieces-title" ref={heading} tabIndex={-1}>
        Pieces of “{repo.name}”
      </h2>
      <form
        class="filters"
        id="piece-search"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setQ(draft.trim());
        }}
      >
        <Field label="Name starts with" id="piece-q">
          <input id="piece-q" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        </Field>
        <button type="submit">Search</button>
      </form>
      <Notice kind="error">{pieces.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {pieces.data && pieces.data.pieces.length === 0 && <p class="empty">No pieces{q !== '' ? ` whose name starts with “${q}”` : ''}.</p>}
      {pieces.data && pieces.data.pieces.length > 0 && (
        <div class="table-wrap">
          <table id="pieces-table">
            <thead>
              <tr>
                <th scope="col">Player</th>
                <th scope="col">Level</th>
                <th scope="col">Reason</th>
                <th scope="col">Server</th>
                <th scope="col">Date</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {pieces.data.pieces.map((p) => (
                <tr key={p.uuid} data-piece={p.name}>
                  <td>
                    <strong>{p.name}</strong>
                    {p.xuid !== '' && <div class="hint mono">XUID {p.xuid}</div>}
                    {p.qq !== 0 && <div class="hint mono">QQ {p.qq}</div>}
                  </td>
                  <td>{p.level}</td>
                  <td>{p.info || '—'}</td>
                  <td>{p.server || '—'}</td>
                  <td title={formatTime(p.created_at)}>{p.time}</td>
                  <td class="actions">
                    <ConfirmButton label="Remove" question={`Remove ${p.name}?`} confirmLabel="Yes, remove" onConfirm={() => remove(p)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pieces.data && (
        <nav class="toolbar" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages} · {formatNumber(pieces.data.total)} pieces
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
      <AddPiece api={api} repo={repo} onDone={changed} />
      <Transfer api={api} repo={repo} onDone={changed} />
    </section>
  );
}

function AddPiece({ api, repo, onDone }: { api: ViewProps['api']; repo: Repository; onDone: (m: Message) => void }) {
  const empty = { name: '', xuid: '', info: '', level: '1', server: '', qq: '' };
  const [form, setForm] = useState(empty);
  const set = (field: keyof typeof empty) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setForm({ ...form, [field]: e.currentTarget.value });

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const body: Record<string, string | number> = { name: form.name.trim(), info: form.info, level: Number(form.level), server: form.server };
      if (form.xuid.trim() !== '') body.xuid = form.xuid.trim();
      if (form.qq.trim() !== '') body.qq = Number(form.qq.trim());
      const piece = await api.request<Piece>('POST', `/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}/pieces`, { json: body });
      setForm(empty);
      onDone({ kind: 'ok', text: `Added ${piece.name}.` });
    } catch (err) {
      onDone({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <form id="add-piece" onSubmit={submit}>
      <h3>Add a player</h3>
      <div class="filters">
        <Field label="Player name" id="piece-name">
          <input id="piece-name" required maxLength={64} value={form.name} onInput={set('name')} />
        </Field>
        <Field label="XUID (optional)" id="piece-xuid">
          <input id="piece-xuid" inputMode="numeric" value={form.xuid} onInput={set('xuid')} />
        </Field>
        <Field label="QQ (optional)" id="piece-qq">
          <input id="piece-qq" inputMode="numeric" value={form.qq} onInput={set('qq')} />
        </Field>
        <Field label="Level" id="piece-level">
          <select id="piece-level" value={form.level} onChange={set('level')}>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </Field>
        <Field label="Reason" id="piece-info">
          <input id="piece-info" value={form.info} onInput={set('info')} />
        </Field>
        <Field label="Server (optional)" id="piece-server">
          <input id="piece-server" value={form.server} onInput={set('server')} />
        </Field>
        <button type="submit" class="primary">
          Add
        </button>
      </div>
    </form>
  );
}

function Transfer({ api, repo, onDone }: { api: ViewProps['api']; repo: Repository; onDone: (m: Message) => void }) {
  const file = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);

  const exportJson = async () => {
    try {
      const document_ = await api.get<unknown>(`/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}/export`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `blacklist-${repo.uuid}.json`;
      link.click();
      // Revoked on the next tick: the click has started the download by then.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (err) {
      onDone({ kind: 'error', text: errorText(err) });
    }
  };

  const importJson = async (e: Event) => {
    e.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      onDone({ kind: 'error', text: 'Choose a JSON file to import.' });
      return;
    }
    try {
      const text = await chosen.text();
      const res = await api.request<ImportResult>('POST', `/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}/import`, {
        query: { replace: replace ? 'true' : 'false' },
        raw: text,
      });
      onDone({ kind: 'ok', text: `Imported ${res.imported} pieces${res.removed > 0 ? `, removed ${res.removed}` : ''}.` });
      if (file.current) file.current.value = '';
    } catch (err) {
      onDone({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <div>
      <h3>Import and export</h3>
      <div class="toolbar">
        <button type="button" id="export-repo" onClick={() => void exportJson()}>
          Export as JSON
        </button>
      </div>
      <form class="filters" id="import-repo" onSubmit={importJson}>
        <Field label="JSON file (an export, or an array of pieces)" id="import-file">
          <input id="import-file" ref={file} type="file" accept="application/json,.json" />
        </Field>
        <label class="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} /> Replace the current pieces
        </label>
        <button type="submit">Import</button>
      </form>
    </div>
  );
}

function CreateRepository({ api, onCreated }: { api: ViewProps['api']; onCreated: (repo: Repository) => void }) {
  const empty = { name: '', type: '2', server: '', server_type: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const repo = await api.request<Repository>('POST', '/manage/blacklist/repositories', {
        json: { name: form.name, type: Number(form.type), server: form.server, server_type: form.server_type },
      });
      setForm(empty);
      onCreated(repo);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="card" id="create-repository" onSubmit={submit}>
      <h2>New repository</h2>
      <div class="filters">
        <Field label="Name" id="repo-name">
          <input id="repo-name" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </Field>
        <Field label="Visibility" id="repo-type">
          <select id="repo-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.currentTarget.value })}>
            <option value="2">Owner only</option>
            <option value="1">Readable by anyone with its UUID</option>
          </select>
        </Field>
        <Field label="Server address (optional)" id="repo-server">
          <input id="repo-server" value={form.server} onInput={(e) => setForm({ ...form, server: e.currentTarget.value })} />
        </Field>
        <Field label="Server software (optional)" id="repo-server-type">
          <input id="repo-server-type" value={form.server_type} onInput={(e) => setForm({ ...form, server_type: e.currentTarget.value })} />
        </Field>
        <button type="submit" class="primary">
          Create repository
        </button>
      </div>
      <Notice kind="error">{error}</Notice>
    </form>
  );
}

/**
 * What happens when a listed player joins: settings belong to a Regular Key and apply to its
 * Server Keys' game servers. An Admin Key edits its own or any Regular Key's.
 */
function Enforcement({ api, isAdmin }: { api: ViewProps['api']; isAdmin: boolean }) {
  const owners = useLoad<ApiKey[]>(
    async (signal) => (isAdmin ? (await api.get<ApiKey[]>('/manage/keys', undefined, signal)).filter((k) => k.keyType === 'regular') : []),
    [api, isAdmin],
  );
  const [keyId, setKeyId] = useState('');
  const settings = useLoad<BlacklistSettings>((signal) => api.get('/manage/blacklist/settings', { key_id: keyId }, signal), [api, keyId]);
  const [draft, setDraft] = useState<BlacklistSettings | null>(null);
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    try {
      const saved = await api.request<BlacklistSettings>('PUT', '/manage/blacklist/settings', {
        query: { key_id: keyId },
        json: { enforce: draft.enforce, min_level: draft.min_level, message: draft.message },
      });
      setDraft(saved);
      setMessage({ kind: 'ok', text: 'Enforcement settings saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <form class="card" id="enforcement" onSubmit={save}>
      <h2>Join enforcement</h2>
      <p class="hint">When a listed player joins a game server, the service sends that server a kick command with this message.</p>
      {isAdmin && (
        <Field label="Settings of" id="enforce-owner">
          <select id="enforce-owner" value={keyId} onChange={(e) => setKeyId(e.currentTarget.value)}>
            <option value="">this Admin Key</option>
            {(owners.data ?? []).map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.serverId ?? 'no server'})
              </option>
            ))}
          </select>
        </Field>
      )}
      <Notice kind="error">{settings.error ?? owners.error}</Notice>
      {draft && (
        <>
          <label class="check">
            <input id="enforce-on" type="checkbox" checked={draft.enforce} onChange={(e) => setDraft({ ...draft, enforce: e.currentTarget.checked })} /> Kick
            listed players when they join
          </label>
          <Field label="Lowest level that is kicked" id="enforce-level">
            <select id="enforce-level" value={String(draft.min_level)} onChange={(e) => setDraft({ ...draft, min_level: Number(e.currentTarget.value) })}>
              <option value="1">1 (every listed player)</option>
              <option value="2">2</option>
              <option value="3">3 (only the worst)</option>
            </select>
          </Field>
          <Field label="Kick message" id="enforce-message" hint="{name} is the player, {reason} the reason on the list.">
            <input id="enforce-message" value={draft.message} maxLength={256} onInput={(e) => setDraft({ ...draft, message: e.currentTarget.value })} />
          </Field>
          <button type="submit">Save enforcement</button>
        </>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </form>
  );
}

import { useState } from 'preact/hooks';
import { errorText } from '../api';
import type { ViewProps } from '../App';
import { ConfirmButton, Field, Notice } from '../components';
import { formatNumber } from '../format';
import { useLoad } from '../hooks';
import type { AuditPage, HostingCode, HostingResource, HostingUser, HostingUserUpdate } from '../types';
import { AuditTable } from './Audit';

type Tab = 'users' | 'codes' | 'log';
const RESOURCES: Array<{ field: keyof HostingResource; label: string; unit: string }> = [
  { field: 'memory', label: 'Memory', unit: 'MiB' },
  { field: 'disk', label: 'Disk', unit: 'MiB' },
  { field: 'cpu', label: 'CPU', unit: '%' },
  { field: 'servers', label: 'Servers', unit: '' },
];

export function HostingView({ api }: ViewProps) {
  const [tab, setTab] = useState<Tab>('users');
  return (
    <div>
      <h1>Hosting</h1>
      <div class="tabs" role="group" aria-label="Hosting sections">
        {(
          [
            ['users', 'Users'],
            ['codes', 'Redeem codes'],
            ['log', 'API log'],
          ] as const
        ).map(([id, label]) => (
          <button key={id} type="button" aria-pressed={tab === id} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'users' && <Users api={api} />}
      {tab === 'codes' && <Codes api={api} />}
      {tab === 'log' && <HostingLog api={api} />}
    </div>
  );
}

function Users({ api }: { api: ViewProps['api'] }) {
  const [id, setId] = useState('');
  const [user, setUser] = useState<{ id: string; data: HostingUser } | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const lookup = async (discordId: string) => {
    setBusy(true);
    setError(undefined);
    try {
      setUser({ id: discordId, data: await api.get<HostingUser>(`/api/user/${encodeURIComponent(discordId)}`) });
    } catch (err) {
      setUser(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="hosting-users-title">
      <h2 id="hosting-users-title">Users</h2>
      <form
        class="filters"
        id="hosting-user-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim() !== '') void lookup(id.trim());
        }}
      >
        <Field label="Discord user ID" id="hosting-user-id">
          <input id="hosting-user-id" class="mono" inputMode="numeric" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          Look up
        </button>
      </form>
      <Notice kind="error">{error}</Notice>
      {user && <UserCard api={api} id={user.id} user={user.data} onChanged={() => void lookup(user.id)} />}
    </section>
  );
}

function UserCard({ api, id, user, onChanged }: { api: ViewProps['api']; id: string; user: HostingUser; onChanged: () => void }) {
  const [edit, setEdit] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const servers = Object.values(user.server);

  const save = async (e: Event) => {
    e.preventDefault();
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(edit)) if (value.trim() !== '') form[name] = value.trim();
    if (Object.keys(form).length === 0) {
      setMessage({ kind: 'error', text: 'Enter at least one new value.' });
      return;
    }
    try {
      const res = await api.request<HostingUserUpdate>('POST', `/api/user/${encodeURIComponent(id)}`, { form });
      setMessage({ kind: 'ok', text: `Saved. Money ${formatNumber(res.money)}.` });
      setEdit({});
      onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <div class="card" id="hosting-user">
      <h3>
        User <span class="mono">{id}</span>
      </h3>
      <dl class="stats">
        <div class="stat" id="hosting-money">
          <dt>Money</dt>
          <dd>{formatNumber(user.money)}</dd>
        </div>
        {RESOURCES.map((r) => (
          <div class="stat" key={r.field} id={`hosting-${r.field}`}>
            <dt>
              {r.label} used / allowed{r.unit !== '' ? ` (${r.unit})` : ''}
            </dt>
            <dd>
              {formatNumber(user.now[r.field])} / {formatNumber(user.resource[r.field])}
            </dd>
          </div>
        ))}
      </dl>
      <h4>Servers</h4>
      {servers.length === 0 ? (
        <p class="empty">This user has no servers.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">ID</th>
                <th scope="col">Memory</th>
                <th scope="col">Disk</th>
                <th scope="col">CPU</th>
                <th scope="col">Panel</th>
              </tr>
            </thead>
            <tbody>
              {servers.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td class="mono">{s.id}</td>
                  <td>{formatNumber(s.memory)} MiB</td>
                  <td>{formatNumber(s.disk)} MiB</td>
                  <td>{formatNumber(s.cpu)} %</td>
                  <td>
                    {/^https?:\/\//.test(s.url) ? (
                      <a href={s.url} rel="noopener noreferrer" target="_blank">
                        open
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form id="hosting-user-edit" onSubmit={save}>
        <h4>Change</h4>
        <p class="hint">
          Only filled fields are sent. Resource values are the user's own grant; the allowance above also includes the defaults every user gets.
        </p>
        <div class="filters">
          {[{ field: 'money', label: 'Money' }, ...RESOURCES].map((r) => (
            <Field key={r.field} label={r.label} id={`hosting-edit-${r.field}`}>
              <input
                id={`hosting-edit-${r.field}`}
                inputMode="numeric"
                pattern="[0-9]*"
                value={edit[r.field] ?? ''}
                onInput={(e) => setEdit({ ...edit, [r.field]: e.currentTarget.value })}
              />
            </Field>
          ))}
          <button type="submit">Save</button>
        </div>
      </form>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </div>
  );
}

function Codes({ api }: { api: ViewProps['api'] }) {
  const codes = useLoad<Record<string, HostingCode>>((signal) => api.get('/api/code', undefined, signal), [api]);
  const [code, setCode] = useState('');
  const [use, setUse] = useState('');
  const [money, setMoney] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await api.request('POST', '/api/code', { form: { code: code.trim(), use, money } });
      setMessage({ kind: 'ok', text: `Code “${code.trim()}” saved.` });
      setCode('');
      setUse('');
      setMoney('');
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
    codes.reload();
  };

  const remove = async (name: string) => {
    try {
      await api.request('DELETE', '/api/code', { form: { code: name } });
      setMessage({ kind: 'ok', text: `Code “${name}” deleted.` });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
    codes.reload();
  };

  const entries = Object.entries(codes.data ?? {});
  return (
    <section aria-labelledby="hosting-codes-title">
      <h2 id="hosting-codes-title">Redeem codes</h2>
      <form class="card filters" id="hosting-code-form" onSubmit={create}>
        <Field label="Code" id="hosting-code">
          <input id="hosting-code" class="mono" maxLength={200} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </Field>
        <Field label="Uses" id="hosting-code-use">
          <input id="hosting-code-use" inputMode="numeric" pattern="[0-9]*" required value={use} onInput={(e) => setUse(e.currentTarget.value)} />
        </Field>
        <Field label="Money per use" id="hosting-code-money">
          <input id="hosting-code-money" inputMode="numeric" pattern="[0-9]*" required value={money} onInput={(e) => setMoney(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">
          Save code
        </button>
      </form>
      <p class="hint">Saving an existing code replaces it and clears its redeemers.</p>
      <Notice kind="error">{codes.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {codes.data && entries.length === 0 && <p class="empty">No codes.</p>}
      {entries.length > 0 && (
        <div class="table-wrap">
          <table id="hosting-codes">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Money</th>
                <th scope="col">Redeemed</th>
                <th scope="col">Redeemed by</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([name, c]) => (
                <tr key={name} data-code={name}>
                  <td class="mono">{name}</td>
                  <td>{formatNumber(c.money)}</td>
                  <td>
                    {formatNumber(c.user.length)} / {formatNumber(c.use)}
                  </td>
                  <td class="mono">{c.user.length === 0 ? '—' : c.user.join(', ')}</td>
                  <td class="actions">
                    <ConfirmButton label="Delete" question={`Delete code “${name}”?`} confirmLabel="Yes, delete" onConfirm={() => remove(name)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HostingLog({ api }: { api: ViewProps['api'] }) {
  const [pages, setPages] = useState<AuditPage[]>([]);
  const first = useLoad<AuditPage>((signal) => api.get('/manage/audit', { module: 'hosting', limit: 50 }, signal), [api]);
  const [error, setError] = useState<string | undefined>(undefined);
  const all = first.data ? [first.data, ...pages] : [];
  const last = all.at(-1);
  const more = async () => {
    if (!last || last.next_before === null) return;
    try {
      const page = await api.get<AuditPage>('/manage/audit', { module: 'hosting', limit: 50, before: last.next_before });
      setPages([...pages, page]);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const entries = all.flatMap((p) => p.entries);
  return (
    <section aria-labelledby="hosting-log-title">
      <h2 id="hosting-log-title">API log</h2>
      <p class="hint">Every call to the hosting admin API and panel, from the audit log.</p>
      <Notice kind="error">{first.error ?? error}</Notice>
      {first.data && entries.length === 0 && <p class="empty">No hosting activity yet.</p>}
      <AuditTable entries={entries} />
      {last && last.next_before !== null && (
        <button type="button" onClick={() => void more()}>
          Load older entries
        </button>
      )}
    </section>
  );
}

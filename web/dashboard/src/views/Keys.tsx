import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../api';
import type { ViewProps } from '../App';
import { ConfirmButton, CopyField, Field, Notice } from '../components';
import { formatAgo, formatTime } from '../format';
import { useLoad } from '../hooks';
import type { ApiKey, CreatedKey, CreatedPair, KeyType } from '../types';

const TYPE_LABEL: Record<KeyType, string> = { admin: 'Admin', regular: 'Regular', server: 'Server' };

function status(key: ApiKey): { text: string; cls: string } {
  if (!key.isActive) return { text: 'inactive', cls: 'off' };
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return { text: 'expired', cls: 'off' };
  return { text: 'active', cls: 'on' };
}

export function KeysView({ api, session }: ViewProps) {
  const isAdmin = session.tier === 'admin';
  const keys = useLoad<ApiKey[]>((signal) => api.get(isAdmin ? '/manage/keys' : '/manage/keys/server-keys', undefined, signal), [api, isAdmin]);
  const [created, setCreated] = useState<CreatedKey[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const act = async (label: string, run: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await run();
      setMessage({ kind: 'ok', text: label });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
    keys.reload();
  };

  const regularKeys = (keys.data ?? []).filter((k) => k.keyType === 'regular');

  return (
    <div>
      <h1>Keys</h1>
      {!isAdmin && <p class="hint">A Regular Key sees and manages only its own Server Keys.</p>}
      {created && <CreatedKeys keys={created} onDone={() => setCreated(null)} />}
      <h2>{isAdmin ? 'All keys' : 'Your Server Keys'}</h2>
      <Notice kind="error">{keys.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {keys.data && keys.data.length === 0 && <p class="empty">No keys to show.</p>}
      {keys.data && keys.data.length > 0 && (
        <div class="table-wrap">
          <table id="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Server</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => {
                const st = status(k);
                return (
                  <tr key={k.id} id={`key-${k.id}`} data-key-name={k.name}>
                    <td>
                      <strong>{k.name}</strong>
                      <div class="hint mono" title={k.id}>
                        {k.keyPrefix}… · {k.id.slice(0, 8)}
                      </div>
                      {k.description !== '' && <div class="hint">{k.description}</div>}
                    </td>
                    <td>
                      <span class={`badge ${k.keyType}`}>{TYPE_LABEL[k.keyType]}</span>
                    </td>
                    <td class="mono">{k.serverId ?? '—'}</td>
                    <td>
                      <span class={`pill ${st.cls}`}>{st.text}</span>
                      {k.expiresAt && <div class="hint">expires {formatTime(k.expiresAt)}</div>}
                    </td>
                    <td>{formatTime(k.createdAt)}</td>
                    <td title={formatTime(k.lastUsed)}>{formatAgo(k.lastUsed)}</td>
                    <td class="actions">
                      {k.isActive ? (
                        <button type="button" onClick={() => void act(`Deactivated “${k.name}”.`, () => api.request('PATCH', `/manage/keys/${encodeURIComponent(k.id)}/deactivate`))}>
                          Deactivate
                        </button>
                      ) : (
                        <button type="button" onClick={() => void act(`Activated “${k.name}”.`, () => api.request('PATCH', `/manage/keys/${encodeURIComponent(k.id)}/activate`))}>
                          Activate
                        </button>
                      )}
                      <ConfirmButton
                        label="Delete"
                        question={`Delete “${k.name}” for good?`}
                        confirmLabel="Yes, delete"
                        onConfirm={() => act(`Deleted “${k.name}”.`, () => api.request('DELETE', `/manage/keys/${encodeURIComponent(k.id)}`))}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin && (
        <div class="grid-2 after-list">
          <CreateKeyForm
            onCreated={(c) => {
              setCreated(c);
              setMessage(null);
              keys.reload();
            }}
            api={api}
          />
          <CreateServerKeyForm
            regularKeys={regularKeys}
            onCreated={(c) => {
              setCreated([c]);
              setMessage(null);
              keys.reload();
            }}
            api={api}
          />
        </div>
      )}
    </div>
  );
}

function CreatedKeys({ keys, onDone }: { keys: CreatedKey[]; onDone: () => void }) {
  const box = useRef<HTMLElement>(null);
  // The forms sit below the list: bring the one-time key into view and focus so it is not missed.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'start' });
    box.current?.focus();
  }, [keys]);
  return (
    <section class="card created" id="created-key" aria-labelledby="created-key-title" ref={box} tabIndex={-1}>
      <h2 id="created-key-title">{keys.length > 1 ? 'Keys created' : 'Key created'}</h2>
      <p class="warning" role="alert">
        Copy {keys.length > 1 ? 'these keys' : 'this key'} now. {keys.length > 1 ? 'They are' : 'It is'} shown only once and cannot be recovered: only a hash is
        stored.
      </p>
      {keys.map((k) => (
        <CopyField key={k.id} id={`created-${k.keyType}`} label={`${TYPE_LABEL[k.keyType]} Key “${k.name}”`} value={k.key} />
      ))}
      <button type="button" class="primary" onClick={onDone}>
        I have stored {keys.length > 1 ? 'them' : 'it'}
      </button>
    </section>
  );
}

/** `<input type=datetime-local>` gives local wall time; the API wants an ISO instant. */
function toIso(local: string): string | undefined {
  if (local === '') return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function CreateKeyForm({ api, onCreated }: { api: ViewProps['api']; onCreated: (keys: CreatedKey[]) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [keyType, setKeyType] = useState<'regular' | 'admin'>('regular');
  const [serverId, setServerId] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        name,
        description: description === '' ? undefined : description,
        key_type: keyType,
        server_id: keyType === 'regular' && serverId !== '' ? serverId : undefined,
        expires_at: toIso(expires),
      };
      const result = await api.request<CreatedKey | CreatedPair>('POST', '/manage/keys', { json: body });
      onCreated('regularKey' in result ? [result.regularKey, result.serverKey] : [result]);
      setName('');
      setDescription('');
      setServerId('');
      setExpires('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" id="create-key-form" onSubmit={submit}>
      <h2>Create a key</h2>
      <Field label="Type" id="new-key-type" hint="A Regular Key comes with a linked Server Key for its game server.">
        <select id="new-key-type" value={keyType} onChange={(e) => setKeyType(e.currentTarget.value === 'admin' ? 'admin' : 'regular')}>
          <option value="regular">Regular Key + Server Key</option>
          <option value="admin">Admin Key</option>
        </select>
      </Field>
      <Field label="Name" id="new-key-name">
        <input id="new-key-name" value={name} maxLength={128} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field label="Description (optional)" id="new-key-description">
        <input id="new-key-description" value={description} maxLength={1024} onInput={(e) => setDescription(e.currentTarget.value)} />
      </Field>
      {keyType === 'regular' && (
        <Field label="Server ID" id="new-key-server" hint="The game server this key acts on, e.g. survival-1.">
          <input id="new-key-server" class="mono" value={serverId} maxLength={128} onInput={(e) => setServerId(e.currentTarget.value)} />
        </Field>
      )}
      <Field label="Expires (optional)" id="new-key-expires">
        <input id="new-key-expires" type="datetime-local" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>
        Create key
      </button>
      <Notice kind="error">{error}</Notice>
    </form>
  );
}

function CreateServerKeyForm({
  api,
  regularKeys,
  onCreated,
}: {
  api: ViewProps['api'];
  regularKeys: ApiKey[];
  onCreated: (key: CreatedKey) => void;
}) {
  const [regularKeyId, setRegularKeyId] = useState('');
  const [name, setName] = useState('');
  const [serverId, setServerId] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const owner = regularKeys.find((k) => k.id === regularKeyId);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { name, regular_key_id: regularKeyId, server_id: serverId !== '' ? serverId : (owner?.serverId ?? undefined) };
      onCreated(await api.request<CreatedKey>('POST', '/manage/keys/server-keys', { json: body }));
      setName('');
      setServerId('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" id="create-server-key-form" onSubmit={submit}>
      <h2>Add a Server Key</h2>
      <p class="hint">Another Server Key for an existing Regular Key, e.g. for a second game server process.</p>
      <Field label="Regular Key" id="server-key-owner">
        <select id="server-key-owner" value={regularKeyId} onChange={(e) => setRegularKeyId(e.currentTarget.value)}>
          <option value="">Choose a Regular Key…</option>
          {regularKeys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name} ({k.serverId ?? 'no server'})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Name" id="server-key-name">
        <input id="server-key-name" value={name} maxLength={128} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field label="Server ID (optional)" id="server-key-server" hint={owner?.serverId ? `Defaults to ${owner.serverId}.` : undefined}>
        <input id="server-key-server" class="mono" value={serverId} maxLength={128} onInput={(e) => setServerId(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        Create Server Key
      </button>
      <Notice kind="error">{error}</Notice>
    </form>
  );
}

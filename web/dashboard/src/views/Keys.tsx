import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { BusyButton, ConfirmButton, CopyField, Field, Notice } from '../components';
import { describeError } from '../errors';
import { useBusy, useLoad } from '../hooks';
import type { ApiKey, CreatedKey, CreatedPair, KeyType } from '../types';

const typeLabel = (t: Translate, type: KeyType) => t(`keys.type.${type}`);


type StatusFilter = '' | 'active' | 'inactive' | 'expired';
interface KeyFilter {
  q: string;
  type: '' | KeyType;
  status: StatusFilter;
}

function statusOf(key: ApiKey): Exclude<StatusFilter, ''> {
  if (!key.isActive) return 'inactive';
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return 'expired';
  return 'active';
}

function status(t: Translate, key: ApiKey): { text: string; cls: string } {
  const st = statusOf(key);
  return { text: t(`keys.status.${st}`), cls: st === 'active' ? 'on' : 'off' };
}

/** Admin keys, then each regular key followed by its server keys, then server keys whose regular key is not listed. */
function grouped(keys: ApiKey[]): Array<{ key: ApiKey; child: boolean }> {
  const children = new Map<string, ApiKey[]>();
  for (const k of keys) {
    if (k.keyType === 'server' && k.regularKeyId) children.set(k.regularKeyId, [...(children.get(k.regularKeyId) ?? []), k]);
  }
  const out: Array<{ key: ApiKey; child: boolean }> = [];
  const placed = new Set<string>();
  for (const k of keys.filter((x) => x.keyType === 'admin')) out.push({ key: k, child: false });
  for (const k of keys.filter((x) => x.keyType === 'regular')) {
    out.push({ key: k, child: false });
    for (const c of children.get(k.id) ?? []) {
      out.push({ key: c, child: true });
      placed.add(c.id);
    }
  }
  for (const k of keys.filter((x) => x.keyType === 'server' && !placed.has(x.id))) out.push({ key: k, child: false });
  return out;
}

function matches(key: ApiKey, filter: KeyFilter): boolean {
  if (filter.type !== '' && key.keyType !== filter.type) return false;
  if (filter.status !== '' && statusOf(key) !== filter.status) return false;
  const q = filter.q.trim().toLowerCase();
  if (q === '') return true;
  return [key.name, key.description, key.serverId ?? '', key.keyStart ?? '', key.id].some((field) => field.toLowerCase().includes(q));
}

export function KeysView({ api, session }: ViewProps) {
  const { t, fmt } = useI18n();
  const isAdmin = session.tier === 'admin';
  const keys = useLoad<ApiKey[]>((signal) => api.get(isAdmin ? '/manage/keys' : '/manage/keys/server-keys', undefined, signal), [api, isAdmin]);
  const [created, setCreated] = useState<CreatedKey[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  // One row action at a time: the list reloads after each, and a key is never toggled twice by a double press.
  const rowBusy = useBusy();
  const act = (id: string, label: string, run: () => Promise<unknown>) =>
    rowBusy.run(id, async () => {
      setMessage(null);
      try {
        await run();
        setMessage({ kind: 'ok', text: label });
      } catch (err) {
        setMessage({ kind: 'error', text: describeError(err, t) });
      }
      keys.reload();
    });

  const regularKeys = (keys.data ?? []).filter((k) => k.keyType === 'regular');
  const [filter, setFilter] = useState<KeyFilter>({ q: '', type: '', status: '' });
  const rows = grouped(keys.data ?? []).filter((row) => matches(row.key, filter));

  return (
    <div>
      <h1>{t('nav.keys')}</h1>
      {!isAdmin && <p class="hint">{t('keys.regularHint')}</p>}
      {created && <CreatedKeys keys={created} onDone={() => setCreated(null)} />}
      <h2>{isAdmin ? t('keys.all') : t('keys.yours')}</h2>
      <Notice kind="error">{keys.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {keys.data && keys.data.length === 0 && <p class="empty">{t('keys.empty')}</p>}
      {keys.data && keys.data.length > 0 && (
        <form class="filters" id="key-filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label={t('keys.filter.search')} id="key-search">
            <input id="key-search" type="search" value={filter.q} onInput={(e) => setFilter({ ...filter, q: e.currentTarget.value })} />
          </Field>
          <Field label={t('common.type')} id="key-filter-type">
            <select id="key-filter-type" value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.currentTarget.value as KeyFilter['type'] })}>
              <option value="">{t('keys.filter.any')}</option>
              {(['admin', 'regular', 'server'] as const).map((type) => (
                <option key={type} value={type}>
                  {typeLabel(t, type)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.status')} id="key-filter-status">
            <select id="key-filter-status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.currentTarget.value as StatusFilter })}>
              <option value="">{t('keys.filter.any')}</option>
              {(['active', 'inactive', 'expired'] as const).map((st) => (
                <option key={st} value={st}>
                  {t(`keys.status.${st}`)}
                </option>
              ))}
            </select>
          </Field>
        </form>
      )}
      {keys.data && keys.data.length > 0 && rows.length === 0 && <p class="empty">{t('keys.filter.none')}</p>}
      {keys.data && rows.length > 0 && (
        <div class="table-wrap">
          <table id="keys-table" class="stack">
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('common.type')}</th>
                <th scope="col">{t('common.server')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('keys.created')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key: k, child }) => {
                const st = status(t, k);
                return (
                  <tr key={k.id} id={`key-${k.id}`} data-key-name={k.name} class={child ? 'key-child' : undefined} data-parent={child ? (k.regularKeyId ?? undefined) : undefined}>
                    <td class="stack-head">
                      {child && <span class="hint" aria-hidden="true">↳ </span>}
                      <strong>{k.name}</strong>
                      <div class="hint mono" title={k.id}>
                        <span class="key-start">{k.keyStart ?? k.keyPrefix}…</span> · {k.id.slice(0, 8)}
                      </div>
                      {k.description !== '' && <div class="hint">{k.description}</div>}
                    </td>
                    <td data-label={t('common.type')}>
                      <span class={`badge ${k.keyType}`}>{typeLabel(t, k.keyType)}</span>
                    </td>
                    <td class="mono" data-label={t('common.server')}>{k.serverId ?? '—'}</td>
                    <td data-label={t('common.status')}>
                      <span class={`pill ${st.cls}`}>{st.text}</span>
                      {k.expiresAt && <div class="hint">{t('keys.expires', { when: fmt.dateTime(k.expiresAt) })}</div>}
                    </td>
                    <td data-label={t('keys.created')}>{fmt.dateTime(k.createdAt)}</td>
                    <td data-label={t('keys.lastUsed')} title={fmt.dateTime(k.lastUsed)}>{fmt.ago(k.lastUsed) ?? t('common.never')}</td>
                    <td class="actions">
                      {k.isActive ? (
                        <BusyButton
                          busy={rowBusy.running === `toggle:${k.id}`}
                          disabled={rowBusy.running !== null}
                          onClick={() => void act(`toggle:${k.id}`, t('keys.deactivated', { name: k.name }), () => api.request('PATCH', `/manage/keys/${encodeURIComponent(k.id)}/deactivate`))}
                        >
                          {t('keys.deactivate')}
                        </BusyButton>
                      ) : (
                        <BusyButton
                          busy={rowBusy.running === `toggle:${k.id}`}
                          disabled={rowBusy.running !== null}
                          onClick={() => void act(`toggle:${k.id}`, t('keys.activated', { name: k.name }), () => api.request('PATCH', `/manage/keys/${encodeURIComponent(k.id)}/activate`))}
                        >
                          {t('keys.activate')}
                        </BusyButton>
                      )}
                      <ConfirmButton
                        label={t('common.delete')}
                        question={t('keys.deleteQuestion', { name: k.name })}
                        confirmLabel={t('common.yesDelete')}
                        disabled={rowBusy.running !== null}
                        onConfirm={() => act(`delete:${k.id}`, t('keys.deleted', { name: k.name }), () => api.request('DELETE', `/manage/keys/${encodeURIComponent(k.id)}`))}
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
  const { t } = useI18n();
  const box = useRef<HTMLElement>(null);
  // The forms sit below the list: bring the one-time key into view and focus so it is not missed.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'start' });
    box.current?.focus();
  }, [keys]);
  return (
    <section class="card created" id="created-key" aria-labelledby="created-key-title" ref={box} tabIndex={-1}>
      <h2 id="created-key-title">{t('keys.createdTitle', { count: keys.length })}</h2>
      <p class="warning" role="alert">
        {t('keys.createdWarning', { count: keys.length })}
      </p>
      {keys.map((k) => (
        <CopyField key={k.id} id={`created-${k.keyType}`} label={t('keys.createdLabel', { type: typeLabel(t, k.keyType), name: k.name })} value={k.key} />
      ))}
      <button type="button" class="primary" onClick={onDone}>
        {t('keys.stored', { count: keys.length })}
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
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [keyType, setKeyType] = useState<'regular' | 'admin'>('regular');
  const [serverId, setServerId] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = useBusy();

  const submit = (e: Event) => {
    e.preventDefault();
    void busy.run('create', () => create());
  };

  const create = async () => {
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
      setError(describeError(err, t));
    }
  };

  return (
    <form class="card" id="create-key-form" onSubmit={submit}>
      <h2>{t('keys.create.title')}</h2>
      <Field label={t('common.type')} id="new-key-type" hint={t('keys.create.typeHint')}>
        <select id="new-key-type" value={keyType} onChange={(e) => setKeyType(e.currentTarget.value === 'admin' ? 'admin' : 'regular')}>
          <option value="regular">{t('keys.create.regularPair')}</option>
          <option value="admin">{t('tier.admin')}</option>
        </select>
      </Field>
      <Field label={t('common.name')} id="new-key-name">
        <input id="new-key-name" value={name} maxLength={128} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field label={t('keys.create.description')} id="new-key-description">
        <input id="new-key-description" value={description} maxLength={1024} onInput={(e) => setDescription(e.currentTarget.value)} />
      </Field>
      {keyType === 'regular' && (
        <Field label={t('keys.create.serverId')} id="new-key-server" hint={t('keys.create.serverHint')}>
          <input id="new-key-server" class="mono" value={serverId} maxLength={128} onInput={(e) => setServerId(e.currentTarget.value)} />
        </Field>
      )}
      <Field label={t('keys.create.expires')} id="new-key-expires">
        <input id="new-key-expires" type="datetime-local" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
      </Field>
      <BusyButton type="submit" class="primary" busy={busy.running !== null} busyLabel={t('progress.creating')}>
        {t('keys.create.submit')}
      </BusyButton>
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
  const busy = useBusy();
  const owner = regularKeys.find((k) => k.id === regularKeyId);
  const { t } = useI18n();

  const submit = (e: Event) => {
    e.preventDefault();
    void busy.run('create', () => create());
  };

  const create = async () => {
    setError(undefined);
    try {
      const body = { name, regular_key_id: regularKeyId, server_id: serverId !== '' ? serverId : (owner?.serverId ?? undefined) };
      onCreated(await api.request<CreatedKey>('POST', '/manage/keys/server-keys', { json: body }));
      setName('');
      setServerId('');
    } catch (err) {
      setError(describeError(err, t));
    }
  };

  return (
    <form class="card" id="create-server-key-form" onSubmit={submit}>
      <h2>{t('keys.addServer.title')}</h2>
      <p class="hint">{t('keys.addServer.hint')}</p>
      <Field label={t('tier.regular')} id="server-key-owner">
        <select id="server-key-owner" value={regularKeyId} onChange={(e) => setRegularKeyId(e.currentTarget.value)}>
          <option value="">{t('keys.addServer.choose')}</option>
          {regularKeys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name} ({k.serverId ?? t('common.noServer')})
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('common.name')} id="server-key-name">
        <input id="server-key-name" value={name} maxLength={128} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field label={t('keys.addServer.serverId')} id="server-key-server" hint={owner?.serverId ? t('keys.addServer.defaults', { server: owner.serverId }) : undefined}>
        <input id="server-key-server" class="mono" value={serverId} maxLength={128} onInput={(e) => setServerId(e.currentTarget.value)} />
      </Field>
      <BusyButton type="submit" busy={busy.running !== null} busyLabel={t('progress.creating')}>
        {t('keys.addServer.submit')}
      </BusyButton>
      <Notice kind="error">{error}</Notice>
    </form>
  );
}

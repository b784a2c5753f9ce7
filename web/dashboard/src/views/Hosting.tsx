import { useState } from 'preact/hooks';
import { MIB } from '../../../shared/i18n/format';
import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { BusyButton, ConfirmButton, Field, Notice } from '../components';
import { describeError } from '../errors';
import { useBusy, useLoad } from '../hooks';
import type { AuditPage, HostingCode, HostingResource, HostingUser, HostingUserUpdate } from '../types';
import { AuditTable } from './Audit';

type Tab = 'users' | 'codes' | 'log';
/** `label` is a catalog key; memory and disk are Pterodactyl's mebibytes. */
const RESOURCES: Array<{ field: keyof HostingResource; label: string; unit: string }> = [
  { field: 'memory', label: 'hosting.resource.memory', unit: MIB },
  { field: 'disk', label: 'hosting.resource.disk', unit: MIB },
  { field: 'cpu', label: 'hosting.resource.cpu', unit: '%' },
  { field: 'servers', label: 'hosting.resource.servers', unit: '' },
];

export function HostingView({ api }: ViewProps) {
  const { t, fmt } = useI18n();
  const [tab, setTab] = useState<Tab>('users');
  return (
    <div>
      <h1>{t('nav.hosting')}</h1>
      <div class="tabs" role="group" aria-label={t('hosting.sections')}>
        {(
          [
            ['users', 'hosting.users.title'],
            ['codes', 'hosting.codes.title'],
            ['log', 'hosting.log.title'],
          ] as const
        ).map(([id, label]) => (
          <button key={id} type="button" aria-pressed={tab === id} onClick={() => setTab(id)}>
            {t(label)}
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
  const { t, fmt } = useI18n();
  const [id, setId] = useState('');
  const [user, setUser] = useState<{ id: string; data: HostingUser } | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = useBusy();

  const lookup = (discordId: string) =>
    busy.run('lookup', async () => {
      setError(undefined);
      try {
        setUser({ id: discordId, data: await api.get<HostingUser>(`/api/user/${encodeURIComponent(discordId)}`) });
      } catch (err) {
        setUser(null);
        setError(describeError(err, t));
      }
    });

  return (
    <section aria-labelledby="hosting-users-title">
      <h2 id="hosting-users-title">{t('hosting.users.title')}</h2>
      <form
        class="filters"
        id="hosting-user-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim() !== '') void lookup(id.trim());
        }}
      >
        <Field label={t('hosting.users.discordId')} id="hosting-user-id">
          <input id="hosting-user-id" class="mono" inputMode="numeric" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </Field>
        <BusyButton type="submit" class="primary" busy={busy.running !== null} busyLabel={t('progress.loading')}>
          {t('hosting.users.lookUp')}
        </BusyButton>
      </form>
      <Notice kind="error">{error}</Notice>
      {user && <UserCard api={api} id={user.id} user={user.data} onChanged={() => void lookup(user.id)} />}
    </section>
  );
}

function UserCard({ api, id, user, onChanged }: { api: ViewProps['api']; id: string; user: HostingUser; onChanged: () => void }) {
  const { t, fmt } = useI18n();
  const [edit, setEdit] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const servers = Object.values(user.server);
  const busy = useBusy();

  const save = (e: Event) => {
    e.preventDefault();
    void busy.run('save', () => store());
  };

  const store = async () => {
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(edit)) if (value.trim() !== '') form[name] = value.trim();
    if (Object.keys(form).length === 0) {
      setMessage({ kind: 'error', text: t('hosting.users.enterValue') });
      return;
    }
    try {
      const res = await api.request<HostingUserUpdate>('POST', `/api/user/${encodeURIComponent(id)}`, { form });
      setMessage({ kind: 'ok', text: t('hosting.users.saved', { money: fmt.number(res.money) }) });
      setEdit({});
      onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err, t) });
    }
  };

  return (
    <div class="card" id="hosting-user">
      <h3>
        {t('hosting.users.user')} <span class="mono">{id}</span>
      </h3>
      <dl class="stats">
        <div class="stat" id="hosting-money">
          <dt>{t('hosting.money')}</dt>
          <dd>{fmt.number(user.money)}</dd>
        </div>
        {RESOURCES.map((r) => (
          <div class="stat" key={r.field} id={`hosting-${r.field}`}>
            <dt>{r.unit !== '' ? t('hosting.users.usedAllowedUnit', { label: t(r.label), unit: r.unit }) : t('hosting.users.usedAllowed', { label: t(r.label) })}</dt>
            <dd>
              {fmt.number(user.now[r.field])} / {fmt.number(user.resource[r.field])}
            </dd>
          </div>
        ))}
      </dl>
      <h4>{t('hosting.resource.servers')}</h4>
      {servers.length === 0 ? (
        <p class="empty">{t('hosting.users.noServers')}</p>
      ) : (
        <div class="table-wrap">
          <table id="hosting-user-servers" class="stack">
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('hosting.users.id')}</th>
                <th scope="col">{t('hosting.resource.memory')}</th>
                <th scope="col">{t('hosting.resource.disk')}</th>
                <th scope="col">{t('hosting.resource.cpu')}</th>
                <th scope="col">{t('hosting.users.panel')}</th>
              </tr>
            </thead>
            <tbody>
              {servers.map((s) => (
                <tr key={s.id}>
                  <td class="stack-head">{s.name}</td>
                  <td class="mono" data-label={t('hosting.users.id')}>{s.id}</td>
                  <td data-label={t('hosting.resource.memory')}>{fmt.mib(s.memory)}</td>
                  <td data-label={t('hosting.resource.disk')}>{fmt.mib(s.disk)}</td>
                  <td data-label={t('hosting.resource.cpu')}>{fmt.percent(s.cpu)}</td>
                  <td data-label={t('hosting.users.panel')}>
                    {/^https?:\/\//.test(s.url) ? (
                      <a href={s.url} rel="noopener noreferrer" target="_blank">
                        {t('hosting.users.open')}
                      </a>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form id="hosting-user-edit" onSubmit={save}>
        <h4>{t('hosting.users.change')}</h4>
        <p class="hint">{t('hosting.users.changeHint')}</p>
        <div class="filters">
          {[{ field: 'money', label: 'hosting.money' }, ...RESOURCES].map((r) => (
            <Field key={r.field} label={t(r.label)} id={`hosting-edit-${r.field}`}>
              <input
                id={`hosting-edit-${r.field}`}
                inputMode="numeric"
                pattern="[0-9]*"
                value={edit[r.field] ?? ''}
                onInput={(e) => setEdit({ ...edit, [r.field]: e.currentTarget.value })}
              />
            </Field>
          ))}
          <BusyButton type="submit" busy={busy.running !== null} busyLabel={t('progress.saving')}>
            {t('common.save')}
          </BusyButton>
        </div>
      </form>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </div>
  );
}

function Codes({ api }: { api: ViewProps['api'] }) {
  const { t, fmt } = useI18n();
  const codes = useLoad<Record<string, HostingCode>>((signal) => api.get('/api/code', undefined, signal), [api]);
  const [code, setCode] = useState('');
  const [use, setUse] = useState('');
  const [money, setMoney] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const busy = useBusy();

  const create = (e: Event) => {
    e.preventDefault();
    void busy.run('create', () => save());
  };

  const save = async () => {
    try {
      await api.request('POST', '/api/code', { form: { code: code.trim(), use, money } });
      setMessage({ kind: 'ok', text: t('hosting.codes.saved', { code: code.trim() }) });
      setCode('');
      setUse('');
      setMoney('');
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err, t) });
    }
    codes.reload();
  };

  const remove = (name: string) =>
    busy.run(`delete:${name}`, async () => {
      try {
        await api.request('DELETE', '/api/code', { form: { code: name } });
        setMessage({ kind: 'ok', text: t('hosting.codes.deleted', { code: name }) });
      } catch (err) {
        setMessage({ kind: 'error', text: describeError(err, t) });
      }
      codes.reload();
    });

  const entries = Object.entries(codes.data ?? {});
  return (
    <section aria-labelledby="hosting-codes-title">
      <h2 id="hosting-codes-title">{t('hosting.codes.title')}</h2>
      <form class="card filters" id="hosting-code-form" onSubmit={create}>
        <Field label={t('hosting.codes.code')} id="hosting-code">
          <input id="hosting-code" class="mono" maxLength={200} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </Field>
        <Field label={t('hosting.codes.uses')} id="hosting-code-use">
          <input id="hosting-code-use" inputMode="numeric" pattern="[0-9]*" required value={use} onInput={(e) => setUse(e.currentTarget.value)} />
        </Field>
        <Field label={t('hosting.codes.moneyPerUse')} id="hosting-code-money">
          <input id="hosting-code-money" inputMode="numeric" pattern="[0-9]*" required value={money} onInput={(e) => setMoney(e.currentTarget.value)} />
        </Field>
        <BusyButton type="submit" class="primary" busy={busy.running === 'create'} disabled={busy.running !== null} busyLabel={t('progress.saving')}>
          {t('hosting.codes.submit')}
        </BusyButton>
      </form>
      <p class="hint">{t('hosting.codes.hint')}</p>
      <Notice kind="error">{codes.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {codes.data && entries.length === 0 && <p class="empty">{t('hosting.codes.empty')}</p>}
      {entries.length > 0 && (
        <div class="table-wrap">
          <table id="hosting-codes" class="stack">
            <thead>
              <tr>
                <th scope="col">{t('hosting.codes.code')}</th>
                <th scope="col">{t('hosting.money')}</th>
                <th scope="col">{t('hosting.codes.redeemed')}</th>
                <th scope="col">{t('hosting.codes.redeemedBy')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([name, c]) => (
                <tr key={name} data-code={name}>
                  <td class="mono stack-head">{name}</td>
                  <td data-label={t('hosting.money')}>{fmt.number(c.money)}</td>
                  <td data-label={t('hosting.codes.redeemed')}>
                    {fmt.number(c.user.length)} / {fmt.number(c.use)}
                  </td>
                  <td class="mono" data-label={t('hosting.codes.redeemedBy')}>{c.user.length === 0 ? t('common.none') : c.user.join(', ')}</td>
                  <td class="actions">
                    <ConfirmButton
                      label={t('common.delete')}
                      question={t('hosting.codes.deleteQuestion', { code: name })}
                      confirmLabel={t('common.yesDelete')}
                      disabled={busy.running !== null}
                      onConfirm={() => remove(name)}
                    />
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
  const { t, fmt } = useI18n();
  const [pages, setPages] = useState<AuditPage[]>([]);
  const first = useLoad<AuditPage>((signal) => api.get('/manage/audit', { module: 'hosting', limit: 50 }, signal), [api]);
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = useBusy();
  const all = first.data ? [first.data, ...pages] : [];
  const last = all.at(-1);
  const more = () =>
    busy.run('more', async () => {
      if (!last || last.next_before === null) return;
      try {
        const page = await api.get<AuditPage>('/manage/audit', { module: 'hosting', limit: 50, before: last.next_before });
        setPages((current) => [...current, page]);
      } catch (err) {
        setError(describeError(err, t));
      }
    });
  const entries = all.flatMap((p) => p.entries);
  return (
    <section aria-labelledby="hosting-log-title">
      <h2 id="hosting-log-title">{t('hosting.log.title')}</h2>
      <p class="hint">{t('hosting.log.hint')}</p>
      <Notice kind="error">{first.error ?? error}</Notice>
      {first.data && entries.length === 0 && <p class="empty">{t('hosting.log.empty')}</p>}
      <AuditTable entries={entries} />
      {last && last.next_before !== null && (
        <BusyButton busy={busy.running !== null} busyLabel={t('common.loading')} onClick={() => void more()}>
          {t('common.loadOlder')}
        </BusyButton>
      )}
    </section>
  );
}

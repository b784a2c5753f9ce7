import { useEffect, useRef, useState } from 'preact/hooks';
import { MIB } from '../../../shared/i18n/format';
import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { BusyButton, ConfirmButton, Field, Notice, Progress } from '../components';
import { describeError } from '../errors';
import { useBusy, useLoad } from '../hooks';
import type { ApiKey, BlackbeEnvelope, BlacklistSettings, CheckInfo, ImportResult, Piece, PiecePage, PieceSearch, Repository } from '../types';

const PAGE_SIZE = 20;
type Message = { kind: 'ok' | 'error'; text: string } | null;

export function BlacklistView({ api, session }: ViewProps) {
  const { t, fmt } = useI18n();
  const repos = useLoad<Repository[]>((signal) => api.get('/manage/blacklist/repositories', undefined, signal), [api]);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const list = repos.data ?? [];
  const current = list.find((r) => r.uuid === selected) ?? null;

  const removeRepository = async (repo: Repository) => {
    try {
      await api.request('DELETE', `/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}`);
      setMessage({ kind: 'ok', text: t('blacklist.repoDeleted', { name: repo.name }) });
      if (selected === repo.uuid) setSelected(null);
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err, t) });
    }
    repos.reload();
  };

  return (
    <div>
      <h1>{t('nav.blacklist')}</h1>
      <CheckPlayer api={api} admin={session.tier === 'admin'} />
      <h2>{t('blacklist.repositories')}</h2>
      <p class="hint">
        {session.tier === 'admin' ? t('blacklist.scopeAdmin') : t('blacklist.scopeRegular')} {t('blacklist.scopeHint')}
      </p>
      <Notice kind="error">{repos.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {repos.data && list.length === 0 && <p class="empty">{t('blacklist.noRepositories')}</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table id="repositories-table" class="stack">
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('blacklist.visibility')}</th>
                <th scope="col">{t('blacklist.pieces')}</th>
                <th scope="col">{t('common.server')}</th>
                <th scope="col">{t('blacklist.owner')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.uuid} id={`repo-${r.uuid}`} aria-current={r.uuid === selected ? 'true' : undefined}>
                  <td class="stack-head">
                    <strong>{r.name}</strong>
                    <div class="hint mono">{r.uuid}</div>
                  </td>
                  <td data-label={t('blacklist.visibility')}>{r.type === 1 ? t('blacklist.readableByUuid') : t('blacklist.ownerOnly')}</td>
                  <td data-label={t('blacklist.pieces')}>{fmt.number(r.list_num)}</td>
                  <td data-label={t('common.server')}>
                    {r.server || t('common.none')}
                    {r.server_type !== '' && <div class="hint">{r.server_type}</div>}
                  </td>
                  <td class="mono" data-label={t('blacklist.owner')}>{r.owner_key_id === null ? t('common.service') : r.owner_key_id.slice(0, 8)}</td>
                  <td class="actions">
                    <button type="button" onClick={() => setSelected(r.uuid)}>
                      {t('blacklist.open')}
                    </button>
                    <ConfirmButton
                      label={t('common.delete')}
                      question={t('blacklist.deleteRepoQuestion', { name: r.name, count: r.list_num })}
                      confirmLabel={t('common.yesDelete')}
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
          setMessage({ kind: 'ok', text: t('blacklist.repoCreated', { name: repo.name }) });
        }}
      />
    </div>
  );
}

function CheckPlayer({ api, admin }: { api: ViewProps['api']; admin: boolean }) {
  const { t, fmt } = useI18n();
  const [query, setQuery] = useState({ name: '', qq: '', xuid: '' });
  // The plugin's call sees the public list and the key's own repositories; an admin may want every list.
  const [everyList, setEveryList] = useState(false);
  const [result, setResult] = useState<{ exist: boolean; info: Array<Pick<CheckInfo, 'uuid' | 'name' | 'level' | 'info' | 'black_id'>>; message: string } | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = useBusy();

  const check = (e: Event) => {
    e.preventDefault();
    void busy.run('check', () => runCheck());
  };

  const runCheck = async () => {
    setError(undefined);
    setResult(null);
    try {
      if (admin && everyList) {
        const params = { name: query.name.trim(), qq: query.qq.trim(), xuid: query.xuid.trim() };
        const found = await api.request<PieceSearch>('GET', '/manage/blacklist/pieces/search', {
          query: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '')),
        });
        setResult({ exist: found.exist, info: found.pieces, message: '' });
        return;
      }
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
      setError(describeError(err, t));
    }
  };

  return (
    <section class="card" aria-labelledby="check-title">
      <h2 id="check-title">{t('blacklist.check.title')}</h2>
      <form class="filters" id="check-form" onSubmit={check}>
        <Field label={t('blacklist.playerName')} id="check-name">
          <input id="check-name" value={query.name} onInput={(e) => setQuery({ ...query, name: e.currentTarget.value })} />
        </Field>
        <Field label="QQ" id="check-qq">
          <input id="check-qq" inputMode="numeric" value={query.qq} onInput={(e) => setQuery({ ...query, qq: e.currentTarget.value })} />
        </Field>
        <Field label="XUID" id="check-xuid">
          <input id="check-xuid" inputMode="numeric" value={query.xuid} onInput={(e) => setQuery({ ...query, xuid: e.currentTarget.value })} />
        </Field>
        {admin && (
          <label class="check">
            <input id="check-every-list" type="checkbox" checked={everyList} onChange={(e) => setEveryList(e.currentTarget.checked)} />{' '}
            {t('blacklist.check.everyList')}
          </label>
        )}
        <BusyButton type="submit" class="primary" busy={busy.running !== null} busyLabel={t('progress.checking')}>
          {t('blacklist.check.submit')}
        </BusyButton>
      </form>
      <Notice kind="error">{error}</Notice>
      {result && (
        <div id="check-result" role="status">
          <p class={result.exist ? 'notice notice-error' : 'notice notice-ok'}>
            {result.exist ? t('blacklist.check.found', { count: result.info.length }) : t('blacklist.check.clean')}
          </p>
          {result.info.length > 0 && (
            <ul>
              {result.info.map((i) => (
                <li key={i.uuid}>
                  <strong>{i.name}</strong> · {t('blacklist.check.level', { level: i.level })} · {i.info || t('blacklist.check.noReason')}{' '}
                  <span class="hint mono">{t('blacklist.check.repository', { id: i.black_id })}</span>
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
  const { t, fmt } = useI18n();
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
      changed({ kind: 'ok', text: t('blacklist.pieceRemoved', { name: piece.name }) });
    } catch (err) {
      changed({ kind: 'error', text: describeError(err, t) });
    }
  };

  return (
    <section class="card" id="pieces" aria-labelledby="pieces-title">
      <h2 id="pieces-title" ref={heading} tabIndex={-1}>
        {t('blacklist.piecesOf', { name: repo.name })}
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
        <Field label={t('blacklist.nameStarts')} id="piece-q">
          <input id="piece-q" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t('blacklist.search')}</button>
      </form>
      <Notice kind="error">{pieces.error}</Notice>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {pieces.data && pieces.data.pieces.length === 0 && <p class="empty">{q !== '' ? t('blacklist.noPiecesMatching', { q }) : t('blacklist.noPieces')}</p>}
      {pieces.data && pieces.data.pieces.length > 0 && (
        <div class="table-wrap">
          <table id="pieces-table" class="stack">
            <thead>
              <tr>
                <th scope="col">{t('blacklist.player')}</th>
                <th scope="col">{t('blacklist.level')}</th>
                <th scope="col">{t('blacklist.reason')}</th>
                <th scope="col">{t('common.server')}</th>
                <th scope="col">{t('blacklist.date')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {pieces.data.pieces.map((p) => (
                <tr key={p.uuid} data-piece={p.name}>
                  <td class="stack-head">
                    <strong>{p.name}</strong>
                    {p.xuid !== '' && <div class="hint mono">XUID {p.xuid}</div>}
                    {p.qq !== 0 && <div class="hint mono">QQ {p.qq}</div>}
                  </td>
                  <td data-label={t('blacklist.level')}>{p.level}</td>
                  <td data-label={t('blacklist.reason')}>{p.info || t('common.none')}</td>
                  <td data-label={t('common.server')}>{p.server || t('common.none')}</td>
                  <td data-label={t('blacklist.date')} title={fmt.dateTime(p.created_at)}>{p.time}</td>
                  <td class="actions">
                    <ConfirmButton
                      label={t('blacklist.remove')}
                      question={t('blacklist.removeQuestion', { name: p.name })}
                      confirmLabel={t('blacklist.yesRemove')}
                      onConfirm={() => remove(p)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pieces.data && (
        <nav class="toolbar" aria-label={t('blacklist.pages')}>
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('blacklist.previous')}
          </button>
          <span>
            {t('blacklist.pageOf', { page: fmt.number(page), pages: fmt.number(pages) })} · {t('blacklist.pieceCount', { count: pieces.data.total })}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('blacklist.next')}
          </button>
        </nav>
      )}
      <AddPiece api={api} repo={repo} onDone={changed} />
      <Transfer api={api} repo={repo} onDone={changed} />
    </section>
  );
}

function AddPiece({ api, repo, onDone }: { api: ViewProps['api']; repo: Repository; onDone: (m: Message) => void }) {
  const { t, fmt } = useI18n();
  const empty = { name: '', xuid: '', info: '', level: '1', server: '', qq: '' };
  const [form, setForm] = useState(empty);
  const set = (field: keyof typeof empty) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setForm({ ...form, [field]: e.currentTarget.value });

  const busy = useBusy();

  const submit = (e: Event) => {
    e.preventDefault();
    void busy.run('add', () => add());
  };

  const add = async () => {
    try {
      const body: Record<string, string | number> = { name: form.name.trim(), info: form.info, level: Number(form.level), server: form.server };
      if (form.xuid.trim() !== '') body.xuid = form.xuid.trim();
      if (form.qq.trim() !== '') body.qq = Number(form.qq.trim());
      const piece = await api.request<Piece>('POST', `/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}/pieces`, { json: body });
      setForm(empty);
      onDone({ kind: 'ok', text: t('blacklist.pieceAdded', { name: piece.name }) });
    } catch (err) {
      onDone({ kind: 'error', text: describeError(err, t) });
    }
  };

  return (
    <form id="add-piece" onSubmit={submit}>
      <h3>{t('blacklist.add.title')}</h3>
      <div class="filters">
        <Field label={t('blacklist.playerName')} id="piece-name">
          <input id="piece-name" required maxLength={64} value={form.name} onInput={set('name')} />
        </Field>
        <Field label={t('blacklist.add.xuid')} id="piece-xuid">
          <input id="piece-xuid" inputMode="numeric" value={form.xuid} onInput={set('xuid')} />
        </Field>
        <Field label={t('blacklist.add.qq')} id="piece-qq">
          <input id="piece-qq" inputMode="numeric" value={form.qq} onInput={set('qq')} />
        </Field>
        <Field label={t('blacklist.level')} id="piece-level">
          <select id="piece-level" value={form.level} onChange={set('level')}>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </Field>
        <Field label={t('blacklist.reason')} id="piece-info">
          <input id="piece-info" value={form.info} onInput={set('info')} />
        </Field>
        <Field label={t('blacklist.add.server')} id="piece-server">
          <input id="piece-server" value={form.server} onInput={set('server')} />
        </Field>
        <BusyButton type="submit" class="primary" busy={busy.running !== null} busyLabel={t('progress.saving')}>
          {t('blacklist.add.submit')}
        </BusyButton>
      </div>
    </form>
  );
}

/** Where an import is: the browser sending the file (with bytes sent), or the service working on it. */
type ImportPhase = { phase: 'idle' } | { phase: 'uploading'; loaded: number; total: number } | { phase: 'processing' };

function Transfer({ api, repo, onDone }: { api: ViewProps['api']; repo: Repository; onDone: (m: Message) => void }) {
  const { t, fmt } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);
  const [mode, setMode] = useState<'fail' | 'skip' | 'replace'>('fail');
  // A 300,000-piece file takes many seconds to send and to store: say where it is, and never send it twice.
  const [state, setState] = useState<ImportPhase>({ phase: 'idle' });
  const busy = useBusy();
  const importing = busy.running === 'import';

  const exportJson = () =>
    busy.run('export', async () => {
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
        onDone({ kind: 'error', text: describeError(err, t) });
      }
    });

  const importJson = (e: Event) => {
    e.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      if (busy.running === null) onDone({ kind: 'error', text: t('blacklist.transfer.chooseFile') });
      return;
    }
    void busy.run('import', async () => {
      setState({ phase: 'uploading', loaded: 0, total: chosen.size });
      try {
        const res = await api.upload<ImportResult>('POST', `/manage/blacklist/repositories/${encodeURIComponent(repo.uuid)}/import`, {
          query: { replace: replace ? 'true' : 'false', mode },
          body: chosen,
          contentType: 'application/json',
          onProgress: (loaded, total) => setState({ phase: 'uploading', loaded, total }),
          onSent: () => setState({ phase: 'processing' }),
        });
        let summary: string;
        if (!replace && mode !== 'fail') summary = t('blacklist.transfer.importSummary', { imported: res.imported, skipped: res.skipped, replaced: res.replaced });
        else if (res.removed > 0) summary = t('blacklist.transfer.importedRemoved', { count: res.imported, removed: res.removed });
        else summary = t('blacklist.transfer.imported', { count: res.imported });
        onDone({ kind: 'ok', text: summary });
        if (file.current) file.current.value = '';
      } catch (err) {
        onDone({ kind: 'error', text: describeError(err, t) });
      } finally {
        setState({ phase: 'idle' });
      }
    });
  };

  const mib = (bytes: number) => fmt.number(bytes / 1_048_576, 1);
  return (
    <div>
      <h3>{t('blacklist.transfer.title')}</h3>
      <div class="toolbar">
        <BusyButton id="export-repo" busy={busy.running === 'export'} disabled={importing} busyLabel={t('progress.exporting')} onClick={() => void exportJson()}>
          {t('blacklist.transfer.export')}
        </BusyButton>
      </div>
      <form class="filters" id="import-repo" onSubmit={importJson} aria-busy={importing}>
        <Field label={t('blacklist.transfer.file')} id="import-file">
          <input id="import-file" ref={file} type="file" accept="application/json,.json" disabled={importing} />
        </Field>
        <label class="check">
          <input type="checkbox" checked={replace} disabled={importing} onChange={(e) => setReplace(e.currentTarget.checked)} /> {t('blacklist.transfer.replace')}
        </label>
        <Field label={t('blacklist.transfer.mode')} id="import-mode">
          <select id="import-mode" value={mode} disabled={replace || importing} onChange={(e) => setMode(e.currentTarget.value as 'fail' | 'skip' | 'replace')}>
            <option value="fail">{t('blacklist.transfer.modeFail')}</option>
            <option value="skip">{t('blacklist.transfer.modeSkip')}</option>
            <option value="replace">{t('blacklist.transfer.modeReplace')}</option>
          </select>
        </Field>
        <BusyButton type="submit" id="import-submit" busy={importing} disabled={busy.running !== null} busyLabel={t('blacklist.transfer.importing')}>
          {t('blacklist.transfer.import')}
        </BusyButton>
      </form>
      {state.phase === 'uploading' && (
        <Progress
          id="import-progress"
          phase={t('progress.uploading')}
          value={state.loaded}
          max={Math.max(state.total, 1)}
          detail={t('progress.uploadDetail', {
            sent: mib(state.loaded),
            total: mib(state.total),
            unit: MIB,
            percent: fmt.percent(state.total > 0 ? (state.loaded / state.total) * 100 : 0),
          })}
        />
      )}
      {state.phase === 'processing' && <Progress id="import-progress" phase={t('progress.processing')} detail={t('progress.processingDetail')} />}
    </div>
  );
}

function CreateRepository({ api, onCreated }: { api: ViewProps['api']; onCreated: (repo: Repository) => void }) {
  const { t, fmt } = useI18n();
  const empty = { name: '', type: '2', server: '', server_type: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = useBusy();
  const submit = (e: Event) => {
    e.preventDefault();
    void busy.run('create', () => create());
  };
  const create = async () => {
    setError(undefined);
    try {
      const repo = await api.request<Repository>('POST', '/manage/blacklist/repositories', {
        json: { name: form.name, type: Number(form.type), server: form.server, server_type: form.server_type },
      });
      setForm(empty);
      onCreated(repo);
    } catch (err) {
      setError(describeError(err, t));
    }
  };
  return (
    <form class="card" id="create-repository" onSubmit={submit}>
      <h2>{t('blacklist.create.title')}</h2>
      <div class="filters">
        <Field label={t('common.name')} id="repo-name">
          <input id="repo-name" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </Field>
        <Field label={t('blacklist.visibility')} id="repo-type">
          <select id="repo-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.currentTarget.value })}>
            <option value="2">{t('blacklist.create.ownerOnly')}</option>
            <option value="1">{t('blacklist.create.readable')}</option>
          </select>
        </Field>
        <Field label={t('blacklist.create.server')} id="repo-server">
          <input id="repo-server" value={form.server} onInput={(e) => setForm({ ...form, server: e.currentTarget.value })} />
        </Field>
        <Field label={t('blacklist.create.software')} id="repo-server-type">
          <input id="repo-server-type" value={form.server_type} onInput={(e) => setForm({ ...form, server_type: e.currentTarget.value })} />
        </Field>
        <BusyButton type="submit" class="primary" busy={busy.running !== null} busyLabel={t('progress.creating')}>
          {t('blacklist.create.submit')}
        </BusyButton>
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
  const { t, fmt } = useI18n();
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

  const busy = useBusy();

  const save = (e: Event) => {
    e.preventDefault();
    void busy.run('save', () => store());
  };

  const store = async () => {
    if (!draft) return;
    try {
      const saved = await api.request<BlacklistSettings>('PUT', '/manage/blacklist/settings', {
        query: { key_id: keyId },
        json: { enforce: draft.enforce, min_level: draft.min_level, message: draft.message },
      });
      setDraft(saved);
      setMessage({ kind: 'ok', text: t('blacklist.enforce.saved') });
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err, t) });
    }
  };

  return (
    <form class="card" id="enforcement" onSubmit={save}>
      <h2>{t('blacklist.enforce.title')}</h2>
      <p class="hint">{t('blacklist.enforce.hint')}</p>
      {isAdmin && (
        <Field label={t('blacklist.enforce.settingsOf')} id="enforce-owner">
          <select id="enforce-owner" value={keyId} onChange={(e) => setKeyId(e.currentTarget.value)}>
            <option value="">{t('blacklist.enforce.thisAdmin')}</option>
            {(owners.data ?? []).map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.serverId ?? t('common.noServer')})
              </option>
            ))}
          </select>
        </Field>
      )}
      <Notice kind="error">{settings.error ?? owners.error}</Notice>
      {draft && (
        <>
          <label class="check">
            <input id="enforce-on" type="checkbox" checked={draft.enforce} onChange={(e) => setDraft({ ...draft, enforce: e.currentTarget.checked })} />{' '}
            {t('blacklist.enforce.kick')}
          </label>
          <Field label={t('blacklist.enforce.level')} id="enforce-level">
            <select id="enforce-level" value={String(draft.min_level)} onChange={(e) => setDraft({ ...draft, min_level: Number(e.currentTarget.value) })}>
              <option value="1">{t('blacklist.enforce.level1')}</option>
              <option value="2">2</option>
              <option value="3">{t('blacklist.enforce.level3')}</option>
            </select>
          </Field>
          <Field label={t('blacklist.enforce.message')} id="enforce-message" hint={t('blacklist.enforce.messageHint')}>
            <input id="enforce-message" value={draft.message} maxLength={256} onInput={(e) => setDraft({ ...draft, message: e.currentTarget.value })} />
          </Field>
          <BusyButton type="submit" busy={busy.running !== null} busyLabel={t('progress.saving')}>
            {t('blacklist.enforce.submit')}
          </BusyButton>
        </>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </form>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../../shared/i18n/preact';
import type { ViewProps } from '../App';
import { BusyButton, Field, Notice } from '../components';
import { describeError } from '../errors';
import { formatData } from '../format';
import type { AuditEntry, AuditPage } from '../types';

const PAGE_SIZE = 50;

export function AuditView({ api }: ViewProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({ module: '', action: '' });
  const [filters, setFilters] = useState({ module: '', action: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [failure, setFailure] = useState<{ err: unknown } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const error = failure === undefined ? undefined : describeError(failure.err, t);

  const load = async (before: number | undefined, signal?: AbortSignal) => {
    setBusy(true);
    try {
      const page = await api.get<AuditPage>('/manage/audit', { ...filters, before, limit: PAGE_SIZE }, signal);
      setEntries((current) => (before === undefined ? page.entries : [...current, ...page.entries]));
      setNextBefore(page.next_before);
      setFailure(undefined);
    } catch (err) {
      if (!signal?.aborted) setFailure({ err });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [api, filters]);

  return (
    <div>
      <h1>{t('nav.audit')}</h1>
      <p class="hint">{t('audit.hint')}</p>
      <form
        class="filters"
        id="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ module: draft.module.trim(), action: draft.action.trim() });
        }}
      >
        <Field label={t('audit.module')} id="audit-module">
          <select id="audit-module" value={draft.module} onChange={(e) => setDraft({ ...draft, module: e.currentTarget.value })}>
            <option value="">{t('common.any')}</option>
            <option value="hub">hub</option>
            <option value="blacklist">blacklist</option>
            <option value="hosting">hosting</option>
          </select>
        </Field>
        <Field label={t('audit.action')} id="audit-action">
          <input id="audit-action" value={draft.action} placeholder={t('audit.actionPlaceholder')} onInput={(e) => setDraft({ ...draft, action: e.currentTarget.value })} />
        </Field>
        <BusyButton type="submit" busy={busy} busyLabel={t('common.loading')}>
          {t('common.applyFilters')}
        </BusyButton>
        <BusyButton busy={busy} busyLabel={t('common.loading')} onClick={() => void load(undefined)}>
          {t('common.refresh')}
        </BusyButton>
      </form>
      <Notice kind="error">{error}</Notice>
      <AuditTable entries={entries} />
      {!busy && entries.length === 0 && !error && <p class="empty">{t('audit.empty')}</p>}
      {nextBefore !== null && (
        <BusyButton id="older-audit" busy={busy} busyLabel={t('common.loading')} onClick={() => void load(nextBefore)}>
          {t('common.loadOlder')}
        </BusyButton>
      )}
    </div>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t, fmt } = useI18n();
  if (entries.length === 0) return null;
  return (
    <div class="table-wrap">
      <table id="audit-table" class="stack">
        <thead>
          <tr>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.module')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.result')}</th>
            <th scope="col">{t('audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td class="stack-head">{fmt.dateTime(e.time)}</td>
              <td data-label={t('audit.module')}>{e.module}</td>
              <td class="mono" data-label={t('audit.action')}>{e.action}</td>
              <td class="mono" data-label={t('audit.actor')}>{e.actorKeyId === null ? t('common.service') : e.actorKeyId.slice(0, 8)}</td>
              <td class="mono" data-label={t('audit.target')}>{e.target ?? t('common.none')}</td>
              <td data-label={t('audit.result')}>{e.result ?? t('common.none')}</td>
              <td data-label={t('audit.detail')}>
                {e.message !== null && <div>{e.message}</div>}
                {e.detail !== null && e.detail !== undefined && <pre class="detail">{formatData(e.detail)}</pre>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

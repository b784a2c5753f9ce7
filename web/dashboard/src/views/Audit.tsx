import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../api';
import type { ViewProps } from '../App';
import { Field, Notice } from '../components';
import { formatData, formatTime } from '../format';
import type { AuditEntry, AuditPage } from '../types';

const PAGE_SIZE = 50;

export function AuditView({ api }: ViewProps) {
  const [draft, setDraft] = useState({ module: '', action: '' });
  const [filters, setFilters] = useState({ module: '', action: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const load = async (before: number | undefined, signal?: AbortSignal) => {
    setBusy(true);
    try {
      const page = await api.get<AuditPage>('/manage/audit', { ...filters, before, limit: PAGE_SIZE }, signal);
      setEntries((current) => (before === undefined ? page.entries : [...current, ...page.entries]));
      setNextBefore(page.next_before);
      setError(undefined);
    } catch (err) {
      if (!signal?.aborted) setError(errorText(err));
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
      <h1>Audit log</h1>
      <p class="hint">Every change made through the hub, blacklist and hosting APIs, newest first.</p>
      <form
        class="filters"
        id="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ module: draft.module.trim(), action: draft.action.trim() });
        }}
      >
        <Field label="Module" id="audit-module">
          <select id="audit-module" value={draft.module} onChange={(e) => setDraft({ ...draft, module: e.currentTarget.value })}>
            <option value="">any</option>
            <option value="hub">hub</option>
            <option value="blacklist">blacklist</option>
            <option value="hosting">hosting</option>
          </select>
        </Field>
        <Field label="Action" id="audit-action">
          <input id="audit-action" value={draft.action} placeholder="e.g. key.create" onInput={(e) => setDraft({ ...draft, action: e.currentTarget.value })} />
        </Field>
        <button type="submit">Apply filters</button>
        <button type="button" onClick={() => void load(undefined)}>
          Refresh
        </button>
      </form>
      <Notice kind="error">{error}</Notice>
      <AuditTable entries={entries} />
      {!busy && entries.length === 0 && !error && <p class="empty">No entries.</p>}
      {nextBefore !== null && (
        <button type="button" id="older-audit" disabled={busy} onClick={() => void load(nextBefore)}>
          Load older entries
        </button>
      )}
    </div>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <div class="table-wrap">
      <table id="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Module</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.time)}</td>
              <td>{e.module}</td>
              <td class="mono">{e.action}</td>
              <td class="mono">{e.actorKeyId === null ? 'service' : e.actorKeyId.slice(0, 8)}</td>
              <td class="mono">{e.target ?? '—'}</td>
              <td>{e.result ?? '—'}</td>
              <td>
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

import { useState } from 'preact/hooks';
import { useI18n } from '../../../shared/i18n/preact.js';
import type { DeleteServerBody, Me, PanelMessage, ServerChanged, ServerView } from '../api.js';
import { request } from '../request.js';
import { resourceFormat } from '../units.js';
import { OutcomeView, useAction } from '../useAction.js';

function Bar({ label, used, total, format }: { label: string; used: number; total: number; format: (value: number) => string }) {
  const { fmt } = useI18n();
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return (
    <div class="bar">
      <span>
        {label}: {fmt.number(used)} / {format(total)}
      </span>
      <div>
        <i style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function ServerRow({ server, onChange }: { server: ServerView; onChange: () => Promise<void> }) {
  const { t, fmt } = useI18n();
  const [editing, setEditing] = useState(false);
  const [size, setSize] = useState({ cpu: server.cpu, memory: server.memory, disk: server.disk });
  const { busy, result, run } = useAction();

  const save = () =>
    run(async () => {
      await request<ServerChanged>('PATCH', `servers/${server.id}`, size);
      setEditing(false);
      await onChange();
      return (tr) => tr('overview.resized', { name: server.name });
    });
  const remove = () => {
    if (!confirm(t('overview.deleteQuestion', { name: server.name, id: server.id }))) return;
    void run(async () => {
      await request<PanelMessage>('DELETE', `servers/${server.id}`, { confirm: server.id } satisfies DeleteServerBody);
      await onChange();
      return (tr) => tr('overview.deleted', { name: server.name });
    });
  };

  return (
    <tr>
      <td class="server-name">
        <a href={server.url} target="_blank" rel="noreferrer">
          {server.name}
        </a>
        <small> {server.id}</small>
      </td>
      {editing ? (
        (['cpu', 'memory', 'disk'] as const).map((k) => (
          <td key={k} data-label={t(`resource.${k}`)}>
            <input
              type="number"
              min={1}
              aria-label={t(`resource.${k}`)}
              value={size[k]}
              onInput={(e) => setSize({ ...size, [k]: Number(e.currentTarget.value) })}
            />
          </td>
        ))
      ) : (
        <>
          <td data-label={t('resource.cpu')}>{fmt.percent(server.cpu)}</td>
          <td data-label={t('resource.memory')}>{fmt.mib(server.memory)}</td>
          <td data-label={t('resource.disk')}>{fmt.mib(server.disk)}</td>
        </>
      )}
      <td class="row-actions">
        {editing ? (
          <button disabled={busy} aria-busy={busy} onClick={save}>
            {t('overview.save')}
          </button>
        ) : (
          <button onClick={() => setEditing(true)}>{t('overview.edit')}</button>
        )}
        <button class="danger" disabled={busy} aria-busy={busy} onClick={remove}>
          {t('overview.delete')}
        </button>
        <OutcomeView result={result} busy={busy} />
      </td>
    </tr>
  );
}

export function Overview({ me, onChange }: { me: Me; onChange: () => Promise<void> }) {
  const { t, fmt } = useI18n();
  const servers = Object.values(me.server);
  const format = resourceFormat(fmt);
  return (
    <section>
      <h2>{t('nav.overview')}</h2>
      <p>
        {t('overview.money')}: <b>{fmt.number(me.money)}</b>$
      </p>
      {(['cpu', 'memory', 'disk', 'servers'] as const).map((k) => (
        <Bar key={k} label={t(`resource.${k}`)} used={me.now[k]} total={me.resource[k]} format={format[k]} />
      ))}
      <h3>{t('resource.servers')}</h3>
      {servers.length === 0 ? (
        <p>{t('overview.noServers')}</p>
      ) : (
        <table id="servers">
          <thead>
            <tr>
              <th>{t('overview.name')}</th>
              <th>{t('resource.cpu')}</th>
              <th>{t('resource.memory')}</th>
              <th>{t('resource.disk')}</th>
              <th>
                <span class="visually-hidden">{t('overview.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <ServerRow key={s.id} server={s} onChange={onChange} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

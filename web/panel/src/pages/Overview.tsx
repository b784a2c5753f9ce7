import { useState } from 'preact/hooks';
import { call, type Me, type PanelMessage, type ServerChanged, type ServerView } from '../api.js';
import { Outcome, useAction } from '../useAction.js';

function Bar({ label, used, total, unit }: { label: string; used: number; total: number; unit: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return (
    <div class="bar">
      <span>
        {label}: {used} / {total} {unit}
      </span>
      <div>
        <i style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function ServerRow({ server, onChange }: { server: ServerView; onChange: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [size, setSize] = useState({ cpu: server.cpu, memory: server.memory, disk: server.disk });
  const { busy, result, run } = useAction();

  const save = () =>
    run(async () => {
      const out = await call<ServerChanged>('PATCH', `servers/${server.id}`, size);
      setEditing(false);
      await onChange();
      return out.message;
    });
  const remove = () => {
    if (!confirm(`確定刪除伺服器 ${server.name} (${server.id})？ Delete this server permanently?`)) return;
    void run(async () => {
      const out = await call<PanelMessage>('DELETE', `servers/${server.id}`, { confirm: server.id });
      await onChange();
      return out.message;
    });
  };

  return (
    <tr>
      <td>
        <a href={server.url} target="_blank" rel="noreferrer">
          {server.name}
        </a>
        <small> {server.id}</small>
      </td>
      {editing ? (
        (['cpu', 'memory', 'disk'] as const).map((k) => (
          <td key={k}>
            <input type="number" min={1} value={size[k]} onInput={(e) => setSize({ ...size, [k]: Number(e.currentTarget.value) })} />
          </td>
        ))
      ) : (
        <>
          <td>{server.cpu}%</td>
          <td>{server.memory} MB</td>
          <td>{server.disk} MB</td>
        </>
      )}
      <td>
        {editing ? (
          <button disabled={busy} onClick={save}>
            儲存 Save
          </button>
        ) : (
          <button onClick={() => setEditing(true)}>修改 Edit</button>
        )}
        <button class="danger" disabled={busy} onClick={remove}>
          刪除 Delete
        </button>
        <Outcome result={result} />
      </td>
    </tr>
  );
}

export function Overview({ me, onChange }: { me: Me; onChange: () => Promise<void> }) {
  const servers = Object.values(me.server);
  return (
    <section>
      <h2>總覽 Overview</h2>
      <p>
        錢錢 Money: <b>{me.money}</b>$
      </p>
      <Bar label="CPU" used={me.now.cpu} total={me.resource.cpu} unit="%" />
      <Bar label="記憶體 Memory" used={me.now.memory} total={me.resource.memory} unit="MB" />
      <Bar label="空間 Disk" used={me.now.disk} total={me.resource.disk} unit="MB" />
      <Bar label="伺服器 Servers" used={me.now.servers} total={me.resource.servers} unit="" />
      <h3>伺服器 Servers</h3>
      {servers.length === 0 ? (
        <p>還沒有伺服器 No servers yet.</p>
      ) : (
        <table id="servers">
          <thead>
            <tr>
              <th>Name</th>
              <th>CPU</th>
              <th>Memory</th>
              <th>Disk</th>
              <th />
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

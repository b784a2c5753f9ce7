import { useState } from 'preact/hooks';
import { call, type Me, type ServerChanged } from '../api.js';
import { Outcome, useAction } from '../useAction.js';

export function CreateServer({ me, onChange }: { me: Me; onChange: () => Promise<void> }) {
  const free = {
    cpu: me.resource.cpu - me.now.cpu,
    memory: me.resource.memory - me.now.memory,
    disk: me.resource.disk - me.now.disk,
  };
  const [form, setForm] = useState({
    name: '',
    egg: me.eggs[0] ?? '',
    node: me.nodes[0] ?? '',
    cpu: Math.max(free.cpu, 1),
    memory: Math.max(free.memory, 1),
    disk: Math.max(free.disk, 1),
  });
  const { busy, result, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const out = await call<ServerChanged>('POST', 'servers', form);
      await onChange();
      return out.message;
    });
  };
  const num = (k: 'cpu' | 'memory' | 'disk', label: string, unit: string) => (
    <label>
      {label} ({unit}, 剩餘 free {free[k]})
      <input name={k} type="number" min={1} required value={form[k]} onInput={(e) => setForm({ ...form, [k]: Number(e.currentTarget.value) })} />
    </label>
  );
  return (
    <section>
      <h2>創建伺服器 Create a server</h2>
      <p>
        伺服器 Servers: {me.now.servers} / {me.resource.servers}
      </p>
      <form onSubmit={submit} class="grid">
        <label>
          名稱 Name
          <input name="name" required maxLength={191} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <label>
          核心 Egg
          <select name="egg" value={form.egg} onChange={(e) => setForm({ ...form, egg: e.currentTarget.value })}>
            {me.eggs.map((egg) => (
              <option key={egg}>{egg}</option>
            ))}
          </select>
        </label>
        <label>
          節點 Node
          <select name="node" value={form.node} onChange={(e) => setForm({ ...form, node: e.currentTarget.value })}>
            {me.nodes.map((node) => (
              <option key={node}>{node}</option>
            ))}
          </select>
        </label>
        {num('cpu', 'CPU', '%')}
        {num('memory', '記憶體 Memory', 'MB')}
        {num('disk', '空間 Disk', 'MB')}
        <button type="submit" disabled={busy}>
          創建 Create
        </button>
      </form>
      <Outcome result={result} />
    </section>
  );
}

import { useState } from 'preact/hooks';
import { useI18n } from '../../../shared/i18n/preact.js';
import type { Me, ServerChanged } from '../api.js';
import { request } from '../request.js';
import { OutcomeView, useAction } from '../useAction.js';
import { resourceFormat } from '../units.js';

export function CreateServer({ me, onChange }: { me: Me; onChange: () => Promise<void> }) {
  const { t, fmt } = useI18n();
  const format = resourceFormat(fmt);
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
    const name = form.name;
    void run(async () => {
      await request<ServerChanged>('POST', 'servers', form);
      await onChange();
      return (tr) => tr('create.done', { name });
    });
  };
  const num = (k: 'cpu' | 'memory' | 'disk') => (
    <label>
      {t('create.size', { label: t(`resource.${k}`), free: format[k](free[k]) })}
      <input name={k} type="number" min={1} required value={form[k]} onInput={(e) => setForm({ ...form, [k]: Number(e.currentTarget.value) })} />
    </label>
  );
  return (
    <section>
      <h2>{t('create.title')}</h2>
      <p>{t('create.servers', { used: fmt.number(me.now.servers), total: fmt.number(me.resource.servers) })}</p>
      <form onSubmit={submit} class="grid">
        <label>
          {t('create.name')}
          <input name="name" required maxLength={191} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <label>
          {t('create.egg')}
          <select name="egg" value={form.egg} onChange={(e) => setForm({ ...form, egg: e.currentTarget.value })}>
            {me.eggs.map((egg) => (
              <option key={egg}>{egg}</option>
            ))}
          </select>
        </label>
        <label>
          {t('create.node')}
          <select name="node" value={form.node} onChange={(e) => setForm({ ...form, node: e.currentTarget.value })}>
            {me.nodes.map((node) => (
              <option key={node}>{node}</option>
            ))}
          </select>
        </label>
        {num('cpu')}
        {num('memory')}
        {num('disk')}
        <button type="submit" disabled={busy} aria-busy={busy}>
          {t('create.submit')}
        </button>
      </form>
      <OutcomeView result={result} busy={busy} />
    </section>
  );
}

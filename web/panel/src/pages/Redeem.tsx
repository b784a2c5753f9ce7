import { useState } from 'preact/hooks';
import { useI18n } from '../../../shared/i18n/preact.js';
import type { RedeemBody, RedeemResult } from '../api.js';
import { request } from '../request.js';
import { OutcomeView, useAction } from '../useAction.js';

export function Redeem({ onChange }: { onChange: () => Promise<void> }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const { busy, result, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const out = await request<RedeemResult>('POST', 'redeem', { code } satisfies RedeemBody);
      await onChange();
      return (tr) => tr('redeem.done', { reward: out.reward, money: out.money });
    });
  };
  return (
    <section>
      <h2>{t('redeem.title')}</h2>
      <form onSubmit={submit}>
        <input
          name="code"
          required
          aria-label={t('redeem.code')}
          placeholder={t('redeem.placeholder')}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy} aria-busy={busy}>
          {t('redeem.submit')}
        </button>
      </form>
      <OutcomeView result={result} busy={busy} />
    </section>
  );
}

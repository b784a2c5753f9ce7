import { useState } from 'preact/hooks';
import { useI18n } from '../../../shared/i18n/preact.js';
import type { PasswordReset } from '../api.js';
import { request } from '../request.js';
import { OutcomeView, useAction } from '../useAction.js';

export function Password({ panelUrl }: { panelUrl: string | null }) {
  const { t } = useI18n();
  const [password, setPassword] = useState<string | null>(null);
  const { busy, result, run } = useAction();
  const reset = () => {
    if (!confirm(t('password.question'))) return;
    void run(async () => {
      const out = await request<PasswordReset>('POST', 'password');
      setPassword(out.password);
      return (tr) => tr('password.done');
    });
  };
  return (
    <section>
      <h2>{t('password.title')}</h2>
      <p>
        {t('password.where')} {panelUrl ? <a href={panelUrl}>{panelUrl}</a> : '—'}
      </p>
      <p>{t('password.how')}</p>
      <button disabled={busy} aria-busy={busy} onClick={reset}>
        {t('password.submit')}
      </button>
      <OutcomeView result={result} busy={busy} />
      {password && (
        <p>
          {t('password.new')} <code id="password">{password}</code> {t('password.once')}
        </p>
      )}
    </section>
  );
}

import { LanguageSwitch, useI18n, type Translate } from '../../../shared/i18n/preact.js';
import { en } from '../i18n/en.js';
import { describeReason } from '../refusals.js';
import { Refusal } from '../request.js';

/** A refusal the server answered a browser navigation with (see src/hosting/panel-pages.ts). */
export interface PageError {
  reason: string;
  status: number;
}

/** The <meta> the service puts in the page when this load is the answer to a failed navigation. */
export function pageErrorFromDocument(): PageError | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="ic-panel-error"]');
  if (!meta || meta.content === '') return null;
  return { reason: meta.content, status: Number(meta.dataset.status ?? '0') || 0 };
}

/** A failed API call as a page: its reason, or `network` when the service could not be reached. */
export function pageErrorOf(err: unknown): PageError {
  if (err instanceof Refusal) return { reason: err.reason ?? 'unknown', status: err.status };
  return { reason: 'network', status: 0 };
}

const TITLED = new Set(Object.keys(en.errorPage.title));
/** Failures that starting the login again can cure; for the rest, it would only fail the same way. */
const NOT_RETRIED = new Set(['not_configured', 'not_found']);

/** The page's heading, also the document title. */
export const pageErrorTitle = ({ reason }: PageError, t: Translate): string =>
  TITLED.has(reason) ? t(`errorPage.title.${reason}`) : t('errorPage.fallbackTitle');

export function ErrorPage({ error }: { error: PageError }) {
  const { t } = useI18n();
  const { reason, status } = error;
  const title = pageErrorTitle(error, t);
  let what: string;
  if (reason === 'not_found') what = t('errorPage.notFound');
  else if (reason === 'network') what = t('refusalFallback.network');
  else what = describeReason(reason, status, t);
  return (
    <main class="error-page">
      <div class="login-top">
        <LanguageSwitch />
      </div>
      <section role="alert" aria-labelledby="error-title">
        <h1 id="error-title">{title}</h1>
        <p id="error-what">{what}</p>
        <p>{t('errorPage.operator')}</p>
        <p class="actions">
          {!NOT_RETRIED.has(reason) && (
            <a class="button" href="/panel/login" id="retry">
              {t('errorPage.login')}
            </a>
          )}
          <a class={NOT_RETRIED.has(reason) ? 'button' : 'secondary'} href="/panel/" id="back">
            {t('errorPage.back')}
          </a>
        </p>
        <p>
          <small id="error-code">{t('errorPage.code', { reason, status: status || '?' })}</small>
        </p>
      </section>
    </main>
  );
}

import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { I18nProvider, LanguageSwitch, useI18n } from '../../shared/i18n/preact.js';
import type { Me } from './api.js';
import { panelI18n } from './i18n/index.js';
import { CreateServer } from './pages/CreateServer.js';
import { ErrorPage, pageErrorFromDocument, pageErrorOf, pageErrorTitle, type PageError } from './pages/ErrorPage.js';
import { Overview } from './pages/Overview.js';
import { Password } from './pages/Password.js';
import { Redeem } from './pages/Redeem.js';
import { Shop } from './pages/Shop.js';
import { describeRefusal } from './refusals.js';
import { Refusal, request } from './request.js';
import './style.css';

/** Each page and the catalog key of its nav link and title. */
const PAGES = [
  ['overview', 'nav.overview'],
  ['redeem', 'nav.redeem'],
  ['shop', 'nav.shop'],
  ['create', 'nav.create'],
  ['password', 'nav.password'],
] as const;
type Page = (typeof PAGES)[number][0];

const pageFromHash = (): Page => {
  const name = location.hash.replace(/^#\/?/, '');
  return (PAGES.find(([p]) => p === name)?.[0] ?? 'overview') as Page;
};

/** Read once: this load answers a failed navigation (a login that went wrong, an unknown path). */
const navigationError = pageErrorFromDocument();

function App() {
  const { t, fmt } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [needsLogin, setNeedsLogin] = useState(false);
  const [pageError, setPageError] = useState<PageError | null>(navigationError);
  const [failure, setFailure] = useState<{ err: unknown } | null>(null);
  const [page, setPage] = useState<Page>(pageFromHash());

  const refresh = useCallback(async () => {
    try {
      setMe(await request<Me>('GET', 'me'));
      setFailure(null);
    } catch (err) {
      // The service has cleared the stale cookie, so the page's "back" leads to the login.
      if (err instanceof Refusal && err.reason === 'session_expired') setPageError({ reason: 'session_expired', status: 401 });
      else if (err instanceof Refusal && err.status === 401) setNeedsLogin(true);
      else setFailure({ err });
    }
  }, []);

  useEffect(() => {
    if (navigationError === null) void refresh();
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [refresh]);

  // Nothing to show without the first load: its failure is a page with the ways on, like a login's.
  const shownError = pageError ?? (me === null && failure !== null ? pageErrorOf(failure.err) : null);
  const errorTitle = shownError === null ? null : pageErrorTitle(shownError, t);
  const title = errorTitle ?? (needsLogin ? t('login.title') : t(PAGES.find(([p]) => p === page)?.[1] ?? 'nav.overview'));
  useEffect(() => {
    document.title = `${title} · InterConnect Hosting`;
  }, [title]);

  const error = failure === null ? null : describeRefusal(failure.err, t);

  if (shownError) return <ErrorPage error={shownError} />;
  if (needsLogin) {
    return (
      <main class="login">
        <div class="login-top">
          <LanguageSwitch />
        </div>
        <h1>InterConnect Hosting</h1>
        <a class="button" href="/panel/login" id="login">
          {t('login.discord')}
        </a>
      </main>
    );
  }
  if (!me) {
    return (
      <main>
        <div class="login-top">
          <LanguageSwitch />
        </div>
        <p>{t('common.loading')}</p>
      </main>
    );
  }

  return (
    <main>
      <header>
        <strong>InterConnect Hosting</strong>
        <nav aria-label={t('nav.label')}>
          {PAGES.map(([p, label]) => (
            <a href={`#/${p}`} class={p === page ? 'active' : ''} aria-current={p === page ? 'page' : undefined} key={p}>
              {t(label)}
            </a>
          ))}
        </nav>
        <span class="who">
          {me.username ?? me.id} · <span id="money">{fmt.number(me.money)}</span>$ ·{' '}
          <a href="/panel/logout" id="logout">
            {t('nav.logout')}
          </a>
        </span>
        <LanguageSwitch />
      </header>
      {error && <p class="error">{error}</p>}
      {page === 'overview' && <Overview me={me} onChange={refresh} />}
      {page === 'redeem' && <Redeem onChange={refresh} />}
      {page === 'shop' && <Shop me={me} onChange={refresh} />}
      {page === 'create' && <CreateServer me={me} onChange={refresh} />}
      {page === 'password' && <Password panelUrl={me.panelUrl} />}
    </main>
  );
}

const root = document.getElementById('app');
if (root) {
  render(
    <I18nProvider app={panelI18n}>
      <App />
    </I18nProvider>,
    root,
  );
}

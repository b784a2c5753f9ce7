import { useEffect, useMemo, useState } from 'preact/hooks';
import { LanguageSwitch, useI18n, type Translate } from '../../shared/i18n/preact';
import { createApi, type Api } from './api';
import { Notice } from './components';
import { BASE, navigate, useRoute } from './router';
import { detectTier, LoginError, storedKey, storeKey, type Session } from './session';
import { AuditView } from './views/Audit';
import { BlacklistView } from './views/Blacklist';
import { EventsView } from './views/Events';
import { HostingView } from './views/Hosting';
import { KeysView } from './views/Keys';
import { OverviewView } from './views/Overview';
import { ServersView } from './views/Servers';

export interface ViewProps {
  api: Api;
  session: Session;
}

interface Section {
  route: string;
  /** Catalog key of the nav link and page title. */
  title: string;
  adminOnly: boolean;
  view: (props: ViewProps) => preact.JSX.Element;
}

const SECTIONS: Section[] = [
  { route: '', title: 'nav.overview', adminOnly: false, view: OverviewView },
  { route: 'keys', title: 'nav.keys', adminOnly: false, view: KeysView },
  { route: 'events', title: 'nav.events', adminOnly: false, view: EventsView },
  { route: 'servers', title: 'nav.servers', adminOnly: false, view: ServersView },
  { route: 'blacklist', title: 'nav.blacklist', adminOnly: false, view: BlacklistView },
  { route: 'hosting', title: 'nav.hosting', adminOnly: true, view: HostingView },
  { route: 'audit', title: 'nav.audit', adminOnly: true, view: AuditView },
];

/** A message kept until shown, worded at render so it follows a language switch. */
type Say = (t: Translate) => string;

function loginFailure(err: unknown): Say {
  if (err instanceof LoginError) return (t) => (err.problem === 'service' ? err.message : t(`login.problem.${err.problem}`));
  return (t) => t('login.failed');
}

export function App() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== null);
  const [loginMessage, setLoginMessage] = useState<Say | undefined>(undefined);

  useEffect(() => {
    const key = storedKey();
    if (key === null) return;
    detectTier(key)
      .then(setSession)
      .catch((err: unknown) => {
        storeKey(null);
        setLoginMessage(() => (err instanceof LoginError ? loginFailure(err) : (tr: Translate) => tr('login.again')));
      })
      .finally(() => setRestoring(false));
  }, []);

  const logout = (message?: Say) => {
    storeKey(null);
    setSession(null);
    setLoginMessage(() => message);
  };

  if (restoring) return <p class="loading">{t('login.restoring')}</p>;
  if (session === null) {
    return (
      <Login
        message={loginMessage}
        onLogin={(s) => {
          storeKey(s.key);
          setLoginMessage(undefined);
          setSession(s);
        }}
      />
    );
  }
  return <Shell session={session} onLogout={logout} />;
}

function Login({ onLogin, message }: { onLogin: (session: Session) => void; message: Say | undefined }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<Say | undefined>(() => message);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${t('login.title')} · InterConnect`;
  }, [t]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await detectTier(key));
    } catch (err) {
      setError(() => loginFailure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <div class="login-top">
        <LanguageSwitch />
      </div>
      <h1>InterConnect</h1>
      <form id="login-form" onSubmit={submit} class="card">
        <h2>{t('login.title')}</h2>
        <p class="hint">{t('login.hint')}</p>
        <label for="login-key">{t('login.key')}</label>
        <input
          id="login-key"
          name="key"
          type="password"
          class="mono"
          autoComplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('login.checking') : t('login.submit')}
        </button>
        <Notice kind="error">{error?.(t)}</Notice>
      </form>
    </main>
  );
}

function Shell({ session, onLogout }: { session: Session; onLogout: (message?: Say) => void }) {
  const { t } = useI18n();
  const route = useRoute();
  const api = useMemo(
    () => createApi(session.key, (message) => onLogout((tr) => tr('login.revoked', { message }))),
    [session.key],
  );
  const sections = SECTIONS.filter((s) => !s.adminOnly || session.tier === 'admin');
  const section = sections.find((s) => s.route === route);

  useEffect(() => {
    document.title = `${t(section?.title ?? 'notFound.title')} · InterConnect`;
  }, [section, t]);

  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <span class="brand">InterConnect</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {sections.map((s) => (
              <li key={s.route}>
                <a
                  href={BASE + s.route}
                  aria-current={s.route === route ? 'page' : undefined}
                  onClick={(e) => {
                    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                    e.preventDefault();
                    navigate(s.route);
                  }}
                >
                  {t(s.title)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" id="session-tier">
          {session.tier === 'admin' ? t('tier.admin') : t('tier.regular')}
        </span>
        <LanguageSwitch />
        <button type="button" id="logout" onClick={() => onLogout()}>
          {t('nav.signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {section ? (
          <section.view api={api} session={session} />
        ) : (
          <div class="card">
            <h1>{t('notFound.title')}</h1>
            <p>
              {t('notFound.text')}{' '}
              <a href={BASE} onClick={(e) => (e.preventDefault(), navigate(''))}>
                {t('notFound.back')}
              </a>
            </p>
          </div>
        )}
      </main>
    </div>
  );
}

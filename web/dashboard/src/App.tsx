import { useEffect, useMemo, useState } from 'preact/hooks';
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
  title: string;
  adminOnly: boolean;
  view: (props: ViewProps) => preact.JSX.Element;
}

const SECTIONS: Section[] = [
  { route: '', title: 'Overview', adminOnly: false, view: OverviewView },
  { route: 'keys', title: 'Keys', adminOnly: false, view: KeysView },
  { route: 'events', title: 'Live events', adminOnly: false, view: EventsView },
  { route: 'servers', title: 'Servers', adminOnly: false, view: ServersView },
  { route: 'blacklist', title: 'Blacklist', adminOnly: false, view: BlacklistView },
  { route: 'hosting', title: 'Hosting', adminOnly: true, view: HostingView },
  { route: 'audit', title: 'Audit log', adminOnly: true, view: AuditView },
];

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== null);
  const [loginMessage, setLoginMessage] = useState<string | undefined>(undefined);

  useEffect(() => {
    const key = storedKey();
    if (key === null) return;
    detectTier(key)
      .then(setSession)
      .catch((err: unknown) => {
        storeKey(null);
        setLoginMessage(err instanceof LoginError ? err.message : 'Please sign in again.');
      })
      .finally(() => setRestoring(false));
  }, []);

  const logout = (message?: string) => {
    storeKey(null);
    setSession(null);
    setLoginMessage(message);
  };

  if (restoring) return <p class="loading">Restoring your session…</p>;
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

function Login({ onLogin, message }: { onLogin: (session: Session) => void; message: string | undefined }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(message);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await detectTier(key));
    } catch (err) {
      setError(err instanceof LoginError ? err.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <h1>InterConnect</h1>
      <form id="login-form" onSubmit={submit} class="card">
        <h2>Sign in to the dashboard</h2>
        <p class="hint">Use an Admin Key (mc_admin_…) or a Regular Key (mc_key_…). It is kept only for this browser tab.</p>
        <label for="login-key">API key</label>
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
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <Notice kind="error">{error}</Notice>
      </form>
    </main>
  );
}

function Shell({ session, onLogout }: { session: Session; onLogout: (message?: string) => void }) {
  const route = useRoute();
  const api = useMemo(
    () => createApi(session.key, (message) => onLogout(`Signed out: ${message}. Your key is no longer accepted.`)),
    [session.key],
  );
  const sections = SECTIONS.filter((s) => !s.adminOnly || session.tier === 'admin');
  const section = sections.find((s) => s.route === route);

  useEffect(() => {
    document.title = `${section?.title ?? 'Not found'} · InterConnect`;
  }, [section]);

  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">InterConnect</span>
        <nav aria-label="Sections">
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
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" id="session-tier">
          {session.tier === 'admin' ? 'Admin Key' : 'Regular Key'}
        </span>
        <button type="button" id="logout" onClick={() => onLogout()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {section ? (
          <section.view api={api} session={session} />
        ) : (
          <div class="card">
            <h1>Not found</h1>
            <p>
              This page does not exist.{' '}
              <a href={BASE} onClick={(e) => (e.preventDefault(), navigate(''))}>
                Back to the overview
              </a>
            </p>
          </div>
        )}
      </main>
    </div>
  );
}

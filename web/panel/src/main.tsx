import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, call, type Me } from './api.js';
import { CreateServer } from './pages/CreateServer.js';
import { Overview } from './pages/Overview.js';
import { Password } from './pages/Password.js';
import { Redeem } from './pages/Redeem.js';
import { Shop } from './pages/Shop.js';
import './style.css';

const PAGES = [
  ['overview', '總覽 Overview'],
  ['redeem', '兌換代碼 Redeem'],
  ['shop', '商店 Shop'],
  ['create', '創建伺服器 Create server'],
  ['password', '面板密碼 Password'],
] as const;
type Page = (typeof PAGES)[number][0];

const pageFromHash = (): Page => {
  const name = location.hash.replace(/^#\/?/, '');
  return (PAGES.find(([p]) => p === name)?.[0] ?? 'overview') as Page;
};

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [needsLogin, setNeedsLogin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<Page>(pageFromHash());

  const refresh = useCallback(async () => {
    try {
      setMe(await call<Me>('GET', 'me'));
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setNeedsLogin(true);
      else setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [refresh]);

  if (needsLogin) {
    return (
      <main class="login">
        <h1>InterConnect Hosting</h1>
        <a class="button" href="/panel/login" id="login">
          使用 Discord 登入 Log in with Discord
        </a>
      </main>
    );
  }
  if (!me) return <main>{error ? <p class="error">{error}</p> : <p>Loading…</p>}</main>;

  return (
    <main>
      <header>
        <strong>InterConnect Hosting</strong>
        <nav>
          {PAGES.map(([p, label]) => (
            <a href={`#/${p}`} class={p === page ? 'active' : ''} key={p}>
              {label}
            </a>
          ))}
        </nav>
        <span class="who">
          {me.username ?? me.id} · <span id="money">{me.money}</span>$ ·{' '}
          <a href="/panel/logout" id="logout">
            登出 Log out
          </a>
        </span>
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
if (root) render(<App />, root);

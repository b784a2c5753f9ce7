import { useEffect, useState } from 'preact/hooks';

/** Where Vite mounted the app ('/dashboard/'); every client route lives below it. */
export const BASE = import.meta.env.BASE_URL;

export function currentRoute(): string {
  const path = location.pathname;
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : '';
  return rest.replace(/\/+$/, '').split('/')[0] ?? '';
}

export function navigate(route: string): void {
  const target = BASE + route;
  if (location.pathname !== target) history.pushState(null, '', target);
  window.dispatchEvent(new Event('dashboard:navigate'));
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    window.addEventListener('dashboard:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('dashboard:navigate', update);
    };
  }, []);
  return route;
}

/** The path below a section (`servers/lobby-1` gives `lobby-1`), decoded; '' at the section itself. */
export function currentSubRoute(): string {
  const path = location.pathname;
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : '';
  const parts = rest.replace(/\/+$/, '').split('/').slice(1);
  try {
    return parts.map(decodeURIComponent).join('/');
  } catch {
    return parts.join('/');
  }
}

/** Follows the sub-route: `useRoute` alone does not re-render when only the part below a section changes. */
export function useSubRoute(): string {
  const [sub, setSub] = useState(currentSubRoute);
  useEffect(() => {
    const update = () => setSub(currentSubRoute());
    window.addEventListener('popstate', update);
    window.addEventListener('dashboard:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('dashboard:navigate', update);
    };
  }, []);
  return sub;
}

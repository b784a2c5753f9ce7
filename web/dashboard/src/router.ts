import { useEffect, useState } from 'preact/hooks';

/** Where Vite mounted the app ('/dashboard/'); every client route lives below it. */
export const BASE = import.meta.env.BASE_URL;

/** The path's segments below BASE, without trailing slashes. */
function segments(): string[] {
  const path = location.pathname;
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : '';
  return rest.replace(/\/+$/, '').split('/');
}

export function currentRoute(): string {
  return segments()[0] ?? '';
}

export function navigate(route: string): void {
  const target = BASE + route;
  if (location.pathname !== target) history.pushState(null, '', target);
  window.dispatchEvent(new Event('dashboard:navigate'));
}

/** Re-reads `read` on every navigation (back/forward or `navigate`). */
function useLocationPart(read: () => string): string {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read());
    window.addEventListener('popstate', update);
    window.addEventListener('dashboard:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('dashboard:navigate', update);
    };
  }, [read]);
  return value;
}

export function useRoute(): string {
  return useLocationPart(currentRoute);
}

/** The path below a section (`servers/lobby-1` gives `lobby-1`), decoded; '' at the section itself. */
export function currentSubRoute(): string {
  const parts = segments().slice(1);
  try {
    return parts.map(decodeURIComponent).join('/');
  } catch {
    return parts.join('/');
  }
}

/** Follows the sub-route: `useRoute` alone does not re-render when only the part below a section changes. */
export function useSubRoute(): string {
  return useLocationPart(currentSubRoute);
}

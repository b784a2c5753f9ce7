/**
 * Which power actions fit a wrapped server's reported process state: the hub refuses the others
 * with 409, and the dashboard disables their buttons. Dependency-free so the browser bundle can
 * share it. A server that has not reported a state yet accepts any action.
 */
export function powerFits(action: 'start' | 'stop' | 'restart' | 'kill', state: string | null): boolean {
  if (state === null) return true;
  if (action === 'start') return state === 'stopped';
  if (action === 'kill') return state !== 'stopped';
  return state === 'starting' || state === 'running';
}

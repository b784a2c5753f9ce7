/** How the dashboard's WebSockets (live events, console) react to a closed socket. */

/** The hub refused the key (4001 revoked or expired, 1008 policy violation): reconnecting with it would be refused again. */
export function isFinalClose(code: number): boolean {
  return code === 4001 || code === 1008;
}

/** Back-off before reconnect attempt `attempts` (1-based): 1 s, doubling, at most 30 s. */
export function reconnectDelay(attempts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempts - 1, 5));
}

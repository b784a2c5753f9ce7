import type { Logger } from 'pino';

/**
 * Optional Discord webhook notices (logins, redemptions, purchases, server changes), as BoardMate's
 * `Dc.notifly` embeds. Delivery is fire-and-forget: a slow or broken webhook must never delay or
 * fail the user's action, so errors are only logged.
 */
export interface Notifier {
  notify(title: string, description: string): void;
  /** Resolves when every notice sent so far has been delivered or has failed; used by shutdown and tests. */
  flush(): Promise<void>;
}

export function createNotifier(url: string | null, log: Pick<Logger, 'warn'>): Notifier {
  const pending = new Set<Promise<void>>();
  return {
    notify(title, description) {
      if (!url) return;
      const p = fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ embeds: [{ title, description }] }),
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (res) => {
          if (!res.ok) log.warn({ status: res.status, title }, 'hosting webhook notice refused');
          await res.body?.cancel();
        })
        .catch((err: unknown) => log.warn({ err, title }, 'hosting webhook notice failed'))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}

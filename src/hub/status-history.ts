import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { HubTables } from './tables.js';
import { readRange } from './time-range.js';
import { MAX_HISTORY_DAYS, type HistoryPoint } from './wire.js';

/** `YYYY-MM-DDTHH:MM` of an ISO time: the row key that allows one sample per minute. */
const minuteOf = (iso: string) => iso.slice(0, 16);

/**
 * Each game server's player count and TPS over time, at most one sample per server and minute
 * (the first one stored), in the shared database so any node can answer for any server.
 */
export class StatusHistory {
  /** The minute this node last stored per server: later reports in that minute cost no query. */
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly db: Kysely<HubTables>,
    private readonly clock: Clock,
  ) {}

  async record(serverId: string, report: { online_players?: number | undefined; tps?: number | undefined }, at: Date): Promise<void> {
    if (report.online_players === undefined && report.tps === undefined) return;
    const time = at.toISOString();
    const minute = minuteOf(time);
    if (this.stored.get(serverId) === minute) return;
    // Another node may have stored this minute already: the primary key keeps the first.
    await this.db
      .insertInto('server_history')
      .values({ server_id: serverId, minute, time, online_players: report.online_players ?? null, tps: report.tps ?? null })
      .onConflict((c) => c.columns(['server_id', 'minute']).doNothing())
      .execute();
    this.stored.set(serverId, minute);
  }

  /** Samples received within `from`..`to` (default: the last day), oldest first. */
  async points(serverId: string, query: { from?: string | undefined; to?: string | undefined }): Promise<HistoryPoint[]> {
    const range = readRange(query, this.clock.now(), 86_400_000, MAX_HISTORY_DAYS * 86_400_000, `${MAX_HISTORY_DAYS} days`);
    const rows = await this.db
      .selectFrom('server_history')
      .select(['time', 'online_players', 'tps'])
      .where('server_id', '=', serverId)
      .where('minute', '>=', minuteOf(range.from.toISOString()))
      .where('minute', '<=', minuteOf(range.to.toISOString()))
      .orderBy('minute', 'asc')
      .execute();
    const from = range.from.toISOString();
    const to = range.to.toISOString();
    return rows
      .filter((row) => row.time >= from && row.time <= to)
      .map((row) => ({ time: row.time, online_players: row.online_players === null ? null : Number(row.online_players), tps: row.tps === null ? null : Number(row.tps) }));
  }

  /** Deletes samples received before the cut-off; returns how many. */
  async prune(before: Date): Promise<number> {
    // By minute, which the index covers: a sample may outlive the cut-off by under a minute.
    const result = await this.db.deleteFrom('server_history').where('minute', '<', minuteOf(before.toISOString())).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

import { sql, type Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { ApiKeyRecord } from '../core/keys.js';
import { viewerScope, type EventVisibility } from './event-visibility.js';
import type { HubTables } from './tables.js';
import { readRange } from './time-range.js';
import { MAX_STATS_BUCKETS, type EventStats, type EventStatsQuery, type StatsBucket } from './wire.js';

const BUCKETS: Record<StatsBucket, { ms: number; chars: number; suffix: string; defaultSpanMs: number; label: string }> = {
  // `received_at` is always `toISOString()` (UTC, `Z`): its first 16 characters are its minute.
  minute: { ms: 60_000, chars: 16, suffix: ':00.000Z', defaultSpanMs: 3_600_000, label: `${MAX_STATS_BUCKETS - 1} minutes` },
  hour: { ms: 3_600_000, chars: 13, suffix: ':00:00.000Z', defaultSpanMs: 86_400_000, label: `${MAX_STATS_BUCKETS - 1} hours` },
};

/**
 * Events counted per minute or hour of `received_at`, for the dashboard's charts. Grouping on a
 * prefix of the ISO string keeps the SQL the same on SQLite and PostgreSQL; the range is read
 * through the `received_at` index.
 */
export class EventStatsStore {
  constructor(
    private readonly db: Kysely<HubTables>,
    private readonly clock: Clock,
    private readonly visibility: EventVisibility,
  ) {}

  async count(viewer: ApiKeyRecord, query: EventStatsQuery): Promise<EventStats> {
    const bucket = BUCKETS[query.bucket];
    const range = readRange(query, this.clock.now(), bucket.defaultSpanMs, (MAX_STATS_BUCKETS - 1) * bucket.ms, bucket.label);
    const first = Math.floor(range.from.getTime() / bucket.ms) * bucket.ms;
    const end = (Math.floor(range.to.getTime() / bucket.ms) + 1) * bucket.ms;
    const from = new Date(first).toISOString();
    const to = new Date(end).toISOString();

    const key = sql<string>`substr(received_at, 1, ${sql.lit(bucket.chars)})`;
    let q = this.db
      .selectFrom('events')
      .select([key.as('bucket'), (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
      .where('received_at', '>=', from)
      .where('received_at', '<', to);
    if (query.type !== undefined && query.type !== '') q = q.where('event_type', '=', query.type);
    const scope = viewerScope(this.visibility, viewer);
    if (scope !== undefined) q = q.where('tenant_key_id', '=', scope);
    const rows = await q.groupBy(key).execute();

    const counted = new Map(rows.map((row) => [row.bucket + bucket.suffix, Number(row.count)]));
    const counts: EventStats['counts'] = [];
    for (let time = first; time < end; time += bucket.ms) {
      const iso = new Date(time).toISOString();
      counts.push({ time: iso, count: counted.get(iso) ?? 0 });
    }
    return { bucket: query.bucket, from, to, type: query.type === undefined || query.type === '' ? null : query.type, counts };
  }
}

import { sql, type Insertable, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Metrics } from '../core/metrics.js';
import type { Dialect } from '../storage/database.js';
import type { EventOrigin } from './event-visibility.js';
import type { GameEvent, StoredEvent } from './events.js';
import type { EventTable, HubTables } from './tables.js';

/** Rows per transaction: eight columns each stays far below SQLite's bound-parameter limit. */
const MAX_BATCH = 512;


/**
 * Any constant shared by every node: the PostgreSQL advisory lock that orders event batches
 * across the cluster (see `EventWriter`).
 */
const EVENT_ORDER_LOCK = 7_302_114;

interface Waiting {
  event: GameEvent;
  origin: EventOrigin;
  receivedAt: string;
  resolve(stored: StoredEvent): void;
  reject(err: unknown): void;
}

/**
 * Group commit: events from concurrent requests are written in one transaction per batch, and
 * each caller's promise resolves only once its batch has committed. There is no timer: while one
 * batch commits, the next accumulates, so a lone event is written after one turn of the event loop
 * and a busy node writes hundreds per fsync.
 *
 * Ids are also assigned in commit order, which is what makes delivery order and `?since` exact:
 * once an id is committed, every smaller id is committed or never will be. SQLite gives this by
 * itself (one writer at a time, ids taken inside the write). On PostgreSQL a sequence hands out
 * ids before commit, so concurrent transactions on different nodes could commit 11 before 10; each
 * batch therefore takes a transaction-scoped advisory lock before inserting, which PostgreSQL
 * releases only after the commit is visible. That serialises event writes across the cluster,
 * one batch at a time — affordable because a batch costs one commit whatever its size.
 *
 * On SQLite the batches go through the service's one connection although its fsync blocks the
 * event loop: a second writing connection (a worker thread was tried) makes any transaction that
 * reads before it writes — a key change, a redemption — fail with SQLITE_BUSY_SNAPSHOT whenever an
 * event batch commits in between, and SQLite's busy handler does not retry that case.
 */
export class EventWriter {
  private queue: Waiting[] = [];
  private writing = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly db: Kysely<HubTables>,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
    private readonly metrics: Pick<Metrics, 'eventBatchSize' | 'eventCommitSeconds' | 'eventsIngested'>,
    private readonly log: Logger,
    /** Told about each committed batch, in id order, before any of its writers is answered. */
    private readonly committed: (batch: StoredEvent[]) => void,
  ) {}

  /** Resolves once every event handed to `write` so far is committed or refused. */
  flushed(): Promise<void> {
    return this.idle;
  }

  /** Resolves with the stored event once it is durably committed; rejects if its batch failed. */
  write(event: GameEvent, origin: EventOrigin): Promise<StoredEvent> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, origin, receivedAt: this.clock.now().toISOString(), resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    try {
      while (this.queue.length > 0) {
        // better-sqlite3 commits synchronously, so without a turn of the event loop here no other
        // request would be read before this drain ends, and every batch would hold one event.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, MAX_BATCH);
        let stored: StoredEvent[];
        try {
          stored = await this.commit(batch);
        } catch (err) {
          // Nothing of a failed batch was stored: its writers are refused (a retry cannot make a
          // duplicate), and the next batch goes on.
          this.log.error({ err, count: batch.length }, 'event batch not stored');
          const refusal = new AppError('unavailable', 'The event could not be stored (the database is unavailable); it was not kept, retry later');
          for (const waiting of batch) waiting.reject(refusal);
          continue;
        }
        this.committed(stored);
        for (let i = 0; i < batch.length; i++) batch[i]!.resolve(stored[i]!);
      }
    } finally {
      this.writing = false;
      this.markIdle();
    }
  }

  private async commit(batch: Waiting[]): Promise<StoredEvent[]> {
    const started = performance.now();
    const rows = batch.map(({ event, origin, receivedAt }) => ({
      event_type: event.event_type,
      server_name: event.server_name,
      timestamp: event.timestamp,
      received_at: receivedAt,
      data: JSON.stringify(event.data),
      api_key_id: origin.keyId,
      source_server_id: origin.serverId,
      tenant_key_id: origin.tenantKeyId,
    }));
    const ids = await this.insert(rows);
    this.metrics.eventBatchSize.observe(batch.length);
    this.metrics.eventCommitSeconds.observe((performance.now() - started) / 1000);
    this.metrics.eventsIngested.inc(batch.length);
    return batch.map(({ event, origin, receivedAt }, i) => ({
      id: ids[i]!,
      event,
      receivedAt,
      sourceKeyId: origin.keyId,
      sourceServerId: origin.serverId,
      tenantKeyId: origin.tenantKeyId,
    }));
  }

  private async insert(rows: Array<Insertable<EventTable>>): Promise<number[]> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`.execute(trx);
      const inserted = await trx.insertInto('events').values(rows).returning('id').execute();
      // Rows of one multi-row insert take consecutive ids in the order given, whatever order
      // RETURNING lists them in.
      return inserted.map((row) => Number(row.id)).sort((a, b) => a - b);
    });
  }
}

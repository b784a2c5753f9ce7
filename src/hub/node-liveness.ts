import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { HubTables } from './tables.js';

/** How often a node writes its heartbeat and reads everyone else's. */
const NODE_BEAT_MS = 2_000;
/** A node silent this long is dead: beat + read intervals stay well inside the 10 s promise. */
const NODE_DEAD_AFTER_MS = 6_000;
/** Rows of nodes gone this long are deleted, looked for once an hour rather than every beat. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
const FORGET_EVERY_MS = 60 * 60 * 1000;

/**
 * This node's heartbeat in the shared `nodes` table, and a snapshot of everyone's, so a game
 * server held by a node that died (kill -9, power loss) is seen offline without a query per read.
 * Timestamps come from each node's clock: nodes are expected to run NTP, as they already are
 * for `last_seen`.
 */
export class NodeLiveness {
  private readonly beats = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt: string;
  private running: Promise<void> | undefined;
  private forgotAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly db: Kysely<HubTables>,
    private readonly clock: Clock,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {
    this.startedAt = clock.now().toISOString();
    this.timer = setInterval(() => this.tick(), NODE_BEAT_MS);
    this.timer.unref();
    this.tick();
  }

  /** False once the node stopped heartbeating; this node, and one not seen yet (just started), are alive. */
  isAlive(nodeId: string): boolean {
    if (nodeId === this.nodeId) return true;
    const beat = this.beats.get(nodeId);
    return beat === undefined || this.clock.now().getTime() - beat <= NODE_DEAD_AFTER_MS;
  }

  /** Resolves once the beat in flight (if any) is done; tests and shutdown wait on it. */
  async settled(): Promise<void> {
    await this.running;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private tick(): void {
    // One beat at a time: a slow database must not pile up writes.
    if (this.running || this.closed) return;
    this.running = this.beat()
      .catch((err: unknown) => this.log.warn({ err }, 'node heartbeat failed'))
      .finally(() => (this.running = undefined));
  }

  private async beat(): Promise<void> {
    const now = this.clock.now();
    const row = { node_id: this.nodeId, started_at: this.startedAt, heartbeat_at: now.toISOString() };
    await this.db
      .insertInto('nodes')
      .values(row)
      .onConflict((oc) => oc.column('node_id').doUpdateSet({ heartbeat_at: row.heartbeat_at }))
      .execute();
    const rows = await this.db.selectFrom('nodes').select(['node_id', 'heartbeat_at']).execute();
    if (this.closed) return;
    this.beats.clear();
    for (const r of rows) this.beats.set(r.node_id, Date.parse(r.heartbeat_at));
    if (now.getTime() - this.forgotAt < FORGET_EVERY_MS) return;
    this.forgotAt = now.getTime();
    const forgotten = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
    await this.db.deleteFrom('nodes').where('heartbeat_at', '<', forgotten).execute();
  }
}

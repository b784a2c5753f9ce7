import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { Clock } from './clock.js';
import type { AuditLogTable } from './tables.js';

export interface AuditInput {
  module: string;
  actorKeyId: string | null;
  action: string;
  target?: string | null | undefined;
  /** A human-readable line, e.g. the hosting API log's original wording. */
  message?: string | null | undefined;
  detail?: unknown;
  result?: string | null | undefined;
  /** When it happened, if not now (an imported log keeps its original times). */
  time?: Date | undefined;
}

export interface AuditEntry {
  id: number;
  time: string;
  module: string;
  actorKeyId: string | null;
  action: string;
  target: string | null;
  message: string | null;
  detail: unknown;
  result: string | null;
}

export interface AuditQuery {
  module?: string | undefined;
  action?: string | undefined;
  /** Entries with an id below this one (paging backwards from the newest). */
  before?: number | undefined;
  limit?: number | undefined;
}

/** The tables an audit row needs; any module's transaction that includes them can carry one. */
export type AuditTables = Pick<Database, 'audit_log'>;

export interface AuditService {
  /**
   * Writes one row. Given the caller's transaction, the row commits or rolls back with the change
   * it records; without one it is written on its own (for refusals and reads worth recording).
   */
  record<DB extends AuditTables>(input: AuditInput, within?: Transaction<DB>): Promise<AuditEntry>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id),
    time: row.time,
    module: row.module,
    actorKeyId: row.actor_key_id,
    action: row.action,
    target: row.target,
    message: row.message,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
    result: row.result,
  };
}

export function createAuditService(db: Kysely<AuditTables>, clock: Clock): AuditService {
  return {
    async record(input, within) {
      const row = {
        time: (input.time ?? clock.now()).toISOString(),
        module: input.module,
        actor_key_id: input.actorKeyId,
        action: input.action,
        target: input.target ?? null,
        message: input.message ?? null,
        detail: input.detail === undefined ? null : JSON.stringify(input.detail),
        result: input.result ?? null,
      };
      const inserted = await (within ? (within as unknown as Kysely<AuditTables>) : db).insertInto('audit_log').values(row).returning('id').executeTakeFirstOrThrow();
      return toEntry({ ...row, id: inserted.id });
    },

    async list(query = {}) {
      let q = db.selectFrom('audit_log').selectAll();
      if (query.module !== undefined) q = q.where('module', '=', query.module);
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.before !== undefined) q = q.where('id', '<', query.before);
      const rows = await q
        .orderBy('id', 'desc')
        .limit(Math.min(Math.max(query.limit ?? 100, 1), 1000))
        .execute();
      return rows.map(toEntry);
    },
  };
}

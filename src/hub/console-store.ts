import type { Kysely } from 'kysely';
import type { HubTables } from './tables.js';

export const CONSOLE_KEEP = 1000;
/** Pruning once per this many appended lines keeps a batch to one insert, most of the time. */
const PRUNE_EVERY = 200;

export interface ConsoleLine {
  time: string;
  line: string;
}

/**
 * The newest console lines per server, in the shared database rather than node memory: in a
 * cluster the GET may land on any node, and a node that just started (or restarted) must still
 * answer with the history. Reads never return more than CONSOLE_KEEP lines, so the table may hold a
 * few hundred more between prunes.
 */
export class ConsoleStore {
  private readonly sincePrune = new Map<string, number>();

  constructor(private readonly db: Kysely<HubTables>) {}

  async append(serverId: string, time: string, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db
      .insertInto('server_console')
      .values(lines.map((line) => ({ server_id: serverId, time, line })))
      .execute();
    // A first batch after start prunes too: this node does not know what others left behind.
    const count = this.sincePrune.get(serverId);
    if (count !== undefined && count + lines.length < PRUNE_EVERY) {
      this.sincePrune.set(serverId, count + lines.length);
      return;
    }
    this.sincePrune.set(serverId, 0);
    await this.prune(serverId);
  }

  /** The newest `limit` lines, oldest first. */
  async recent(serverId: string, limit: number): Promise<ConsoleLine[]> {
    const rows = await this.db
      .selectFrom('server_console')
      .select(['time', 'line'])
      .where('server_id', '=', serverId)
      .orderBy('id', 'desc')
      .limit(Math.min(limit, CONSOLE_KEEP))
      .execute();
    return rows.reverse();
  }

  private async prune(serverId: string): Promise<void> {
    const oldestKept = this.db
      .selectFrom('server_console')
      .select('id')
      .where('server_id', '=', serverId)
      .orderBy('id', 'desc')
      .limit(1)
      .offset(CONSOLE_KEEP - 1);
    // With fewer lines than that the subquery is NULL and nothing matches.
    await this.db.deleteFrom('server_console').where('server_id', '=', serverId).where('id', '<', oldestKept).execute();
  }
}

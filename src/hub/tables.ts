import type { Generated } from 'kysely';

export interface EventTable {
  id: Generated<number>;
  event_type: string;
  server_name: string;
  /** The sender's ISO timestamp, as sent. */
  timestamp: string;
  /** When this service accepted the event; retention and time filters use it. */
  received_at: string;
  data: string;
  api_key_id: string | null;
  /** The server id of the sending key, which the sender cannot choose (unlike `server_name`). */
  source_server_id: string | null;
  /** The tenant (regular key) the event belongs to; null: only admin keys see it in tenant mode. */
  tenant_key_id: string | null;
}

export interface ServerStatusTable {
  server_id: string;
  key_id: string;
  report: string;
  last_seen: string;
  connected: number;
  node_id: string | null;
  /** The connection that receives commands: the newest of the server key (migration 008). */
  connection_id: string | null;
  /** When that connection took the role; a write with an older one is refused. */
  held_since: string | null;
}

/** One row per service node, heartbeated while it runs (migration 008). */
export interface NodeTable {
  node_id: string;
  started_at: string;
  heartbeat_at: string;
}

export interface ServerConsoleTable {
  id: Generated<number>;
  server_id: string;
  /** When the hub received the line's batch. */
  time: string;
  line: string;
}

export interface ServerHistoryTable {
  server_id: string;
  /** `YYYY-MM-DDTHH:MM`: one row per server and minute. */
  minute: string;
  time: string;
  online_players: number | null;
  tps: number | null;
}

export interface HubTables {
  events: EventTable;
  server_status: ServerStatusTable;
  server_console: ServerConsoleTable;
  nodes: NodeTable;
  server_history: ServerHistoryTable;
}

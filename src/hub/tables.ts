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
  server_history: ServerHistoryTable;
}

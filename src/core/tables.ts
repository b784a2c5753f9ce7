import type { Generated } from 'kysely';

export interface ApiKeyTable {
  id: string;
  name: string;
  description: string;
  /** SHA-256 hex of the raw key; the raw key itself is never stored. */
  key_hash: string;
  key_prefix: string;
  /** The raw key's first characters (prefix + 4), for telling keys apart; null for keys made before it was kept. */
  key_start: string | null;
  key_type: 'admin' | 'regular' | 'server';
  server_id: string | null;
  regular_key_id: string | null;
  created_at: string;
  last_used: string | null;
  is_active: number;
  expires_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  time: string;
  module: string;
  actor_key_id: string | null;
  action: string;
  target: string | null;
  message: string | null;
  detail: string | null;
  result: string | null;
}

export interface CoreTables {
  api_keys: ApiKeyTable;
  audit_log: AuditLogTable;
}

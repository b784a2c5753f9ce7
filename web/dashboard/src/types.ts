/** Wire shapes of the hub API (specs/interconnect-api.md and src/hub/routes). */

export type KeyType = 'admin' | 'regular' | 'server';
export type Tier = 'admin' | 'regular';

export interface ApiKey {
  id: string;
  name: string;
  description: string;
  keyPrefix: string;
  keyType: KeyType;
  serverId: string | null;
  regularKeyId: string | null;
  createdAt: string;
  lastUsed: string | null;
  isActive: boolean;
  expiresAt?: string | null;
}

export interface CreatedKey extends ApiKey {
  key: string;
}

export interface CreatedPair {
  regularKey: CreatedKey;
  serverKey: CreatedKey;
}

export interface Health {
  status: 'healthy' | 'unhealthy';
  timestamp: string;
  active_ws: number;
  keys_total: number;
  admin_active: number;
  server_active: number;
  regular_active: number;
}

export interface GameEvent {
  event_type: string;
  server_name: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface HistoryEvent extends GameEvent {
  id: number;
  received_at: string;
  source_key_id_prefix: string | null;
}

export interface EventPage {
  events: HistoryEvent[];
  next_before: number | null;
}

/** A `minecraft_event` frame from `/ws`. */
export interface EventFrame {
  type: 'minecraft_event';
  id: number;
  event: GameEvent;
  source_key_id_prefix: string | null;
}

export interface ServerInfo {
  server_id: string;
  status: 'running' | 'stopped' | 'offline';
  online_players: number | null;
  max_players: number | null;
  version: string | null;
  uptime: string | null;
  tps: number | null;
  players: string[];
  last_seen: string | null;
  mode: string | null;
  state: string | null;
}

export interface CommandResponse {
  message: string;
  command: string;
  server_id: string;
  result: { success: boolean; output: string };
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

export interface AuditPage {
  entries: AuditEntry[];
  next_before: number | null;
}

/** Hosting module (BoardMate-compatible `/api/user/<discord id>` and `/api/code`). */
export interface HostingResource {
  cpu: number;
  disk: number;
  memory: number;
  servers: number;
}

export interface HostingServer {
  cpu: number;
  description: string;
  disk: number;
  id: string;
  io: number;
  memory: number;
  name: string;
  oom_disabled: boolean;
  swap: number;
  threads: string | null;
  url: string;
}

export interface HostingUser {
  money: number;
  now: HostingResource;
  resource: HostingResource;
  server: Record<string, HostingServer>;
}

export interface HostingUserUpdate {
  money: number;
  resource: HostingResource;
}

export interface HostingCode {
  money: number;
  use: number;
  user: string[];
}

/** Blacklist module: `/manage/blacklist/*` (hub-style `{detail}` errors) and BlackBE `/openapi/v3/*`, shared with the server. */
export type {
  RepositoryView as Repository,
  PieceView as Piece,
  PiecePage,
  ImportResult,
  BlackbeEnvelope,
  PublicInfo as CheckInfo,
  BlacklistSettings,
} from '../../../src/blacklist/wire.js';

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

/** Hosting module (BoardMate-compatible `/api/user/<discord id>` and `/api/code`): the server's own wire types. */
export type {
  Resource as HostingResource,
  ServerView as HostingServer,
  UserOverview as HostingUser,
  UserUpdate as HostingUserUpdate,
  CodeView as HostingCode,
} from '../../../src/hosting/wire.js';

/** Blacklist module: `/manage/blacklist/*` (hub-style `{detail}` errors) and BlackBE `/openapi/v3/*`. */
export interface Repository {
  uuid: string;
  name: string;
  /** 1: readable by anyone who knows the UUID; 2: owner only. */
  type: number;
  list_num: number;
  server: string;
  server_type: string;
  owner_key_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Piece {
  uuid: string;
  black_id: string;
  name: string;
  xuid: string;
  info: string;
  server: string;
  time: string;
  level: number;
  qq: number;
  area_code: string;
  phone: number;
  created_at: string;
}

export interface PiecePage {
  page: number;
  page_size: number;
  total: number;
  pieces: Piece[];
}

export interface ImportResult {
  imported: number;
  removed: number;
}

export interface BlackbeEnvelope<T> {
  success: boolean;
  status: number;
  message: string;
  data: T;
}

export interface CheckInfo {
  uuid: string;
  name: string;
  black_id: string;
  xuid: string;
  info: string;
  level: number;
  qq: number;
}

/** Join enforcement of one Regular (or Admin) Key: `/manage/blacklist/settings`. */
export interface BlacklistSettings {
  key_id: string;
  enforce: boolean;
  min_level: number;
  message: string;
}

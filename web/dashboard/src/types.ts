/** Wire shapes of the hub API (specs/interconnect-api.md and src/hub/routes). */

export type {
  ApiKey,
  AuditEntry,
  AuditPage,
  CommandResponse,
  CreatedKey,
  CreatedPair,
  EventFrame,
  EventPage,
  GameEvent,
  Health,
  HistoryEvent,
  KeyType,
  ServerInfo,
} from '../../../src/hub/wire.js';

/** The key tiers that may sign in to the dashboard. */
export type Tier = 'admin' | 'regular';

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

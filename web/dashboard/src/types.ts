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

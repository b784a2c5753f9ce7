/** Wire shapes of the hub API (specs/interconnect-api.md and src/hub/routes). */

export type {
  ApiKey,
  AuditEntry,
  AuditPage,
  CommandResponse,
  ConsolePage,
  CreatedKey,
  CreatedPair,
  EventFrame,
  EventPage,
  EventStats,
  GameEvent,
  Health,
  HistoryEvent,
  HistoryPage,
  KeyType,
  PowerAction,
  PowerResponse,
  ServerInfo,
} from '../../../src/hub/wire.js';

/** The key tiers that may sign in to the dashboard. */
export type Tier = 'admin' | 'regular';

/** Hosting module (BoardMate-compatible `/api/user/<discord id>` and `/api/code`): the server's own wire types. */
export type {
  Resource as HostingResource,
  ServerView as HostingServer,
  UserOverview as HostingUser,
  UserUpdate as HostingUserUpdate,
  CodeView as HostingCode,
} from '../../../src/hosting/wire.js';

/** Blacklist module: `/manage/blacklist/*` (hub-style `{detail}` errors) and BlackBE `/openapi/v3/*`, shared with the server. */
export type {
  RepositoryView as Repository,
  PieceView as Piece,
  PiecePage,
  PieceSearch,
  ImportResult,
  BlackbeEnvelope,
  PublicInfo as CheckInfo,
  BlacklistSettings,
} from '../../../src/blacklist/wire.js';

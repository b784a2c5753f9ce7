import type { Generated } from 'kysely';

/** The public list every check consults; BlackBE clients know it as `black_id: "1"`. */
export const PUBLIC_REPOSITORY = '1';

export interface BlacklistRepositoryTable {
  uuid: string;
  /** The regular or admin key that owns it; null only for the public list. */
  owner_key_id: string | null;
  name: string;
  /** 1: readable by anyone who knows the UUID; 2: owner only. */
  type: number;
  server: string;
  server_type: string;
  /** Kept in the same transaction as piece writes so listings never count rows. */
  piece_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface BlacklistPieceTable {
  id: Generated<number>;
  uuid: string;
  repository_uuid: string;
  name: string;
  /** `name` lower-cased in JS: SQLite's lower() is ASCII-only, PostgreSQL's is not. */
  name_lower: string;
  xuid: string;
  info: string;
  server: string;
  /** YYYY-MM-DD. */
  time: string;
  level: number;
  qq: number | null;
  area_code: string;
  phone: number | null;
  /** JSON array of scheme-less URLs, or null. */
  photos: string | null;
  created_by: string | null;
  created_at: string;
}

/** Gamertag → XUID as seen in pieces and player events, for `utils/xuid`. */
export interface BlacklistXuidTable {
  gamertag_lower: string;
  gamertag: string;
  xuid: string;
  seen_at: string;
}

export interface BlacklistSettingsTable {
  /** The regular (or admin) key the settings belong to; its server keys follow them. */
  key_id: string;
  enforce: number;
  min_level: number;
  message: string;
  updated_at: string;
}

export interface BlacklistTables {
  blacklist_repositories: BlacklistRepositoryTable;
  blacklist_pieces: BlacklistPieceTable;
  blacklist_xuids: BlacklistXuidTable;
  blacklist_settings: BlacklistSettingsTable;
}

import type { PieceRow, RepositoryRow } from './repositories.js';

/** One `check` hit as BlackBE shows it (`black_id` = "1" or the private repository's UUID). */
export interface PublicInfo {
  uuid: string;
  name: string;
  black_id: string;
  xuid: string;
  info: string;
  level: number;
  qq: number;
  photos: string[] | null;
}

/** One `check/private` hit: no `black_id`, clients copy `repo_uuid` in. */
export interface PrivateInfo {
  uuid: string;
  name: string;
  xuid: string;
  info: string;
  server: string;
  time: string;
  level: number;
  qq: number;
  area_code: string;
  phone: number;
}

/** One `piece/list` entry, the documented field set: a private hit without `server`. */
export type PieceListItem = Omit<PrivateInfo, 'server'>;

/** The portable piece: what export writes and import reads (upload's field set). */
export interface ExportedPiece {
  name: string;
  xuid: string;
  info: string;
  server: string;
  time: string;
  level: number;
  qq: number;
  area_code: string;
  phone: number;
  photos: string[] | null;
}

/** Everything the dashboard shows about a piece. */
export interface PieceView extends ExportedPiece {
  uuid: string;
  black_id: string;
  created_at: string;
}

/** `private/repositories/list` entry. */
export interface RepositoryInfo {
  uuid: string;
  name: string;
  type: number;
  list_num: number;
  server: string;
  server_type: string;
}

export interface RepositoryView extends RepositoryInfo {
  owner_key_id: string | null;
  created_at: string;
  updated_at: string;
}

function photos(row: PieceRow): string[] | null {
  if (row.photos === null) return null;
  try {
    const parsed: unknown = JSON.parse(row.photos);
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : null;
  } catch {
    return null;
  }
}

/** Clients declare qq and phone as numbers; "none" is 0 rather than null so they never see a null. */
export const publicInfo = (row: PieceRow): PublicInfo => ({
  uuid: row.uuid,
  name: row.name,
  black_id: row.repository_uuid,
  xuid: row.xuid,
  info: row.info,
  level: row.level,
  qq: row.qq ?? 0,
  photos: photos(row),
});

export const privateInfo = (row: PieceRow): PrivateInfo => ({
  uuid: row.uuid,
  name: row.name,
  xuid: row.xuid,
  info: row.info,
  server: row.server,
  time: row.time,
  level: row.level,
  qq: row.qq ?? 0,
  area_code: row.area_code,
  phone: row.phone ?? 0,
});

export const pieceListItem = (row: PieceRow): PieceListItem => {
  const { server: _server, ...item } = privateInfo(row);
  return item;
};

export const exportedPiece = (row: PieceRow): ExportedPiece => ({
  name: row.name,
  xuid: row.xuid,
  info: row.info,
  server: row.server,
  time: row.time,
  level: row.level,
  qq: row.qq ?? 0,
  area_code: row.area_code,
  phone: row.phone ?? 0,
  photos: photos(row),
});

export const pieceView = (row: PieceRow): PieceView => ({
  uuid: row.uuid,
  black_id: row.repository_uuid,
  ...exportedPiece(row),
  created_at: row.created_at,
});

export const repositoryInfo = (row: RepositoryRow): RepositoryInfo => ({
  uuid: row.uuid,
  name: row.name,
  type: row.type,
  list_num: row.piece_count,
  server: row.server,
  server_type: row.server_type,
});

export const repositoryView = (row: RepositoryRow): RepositoryView => ({
  ...repositoryInfo(row),
  owner_key_id: row.owner_key_id,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

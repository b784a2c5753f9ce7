import type { PieceRow, RepositoryRow } from './repositories.js';
import type { ExportedPiece, PieceListItem, PieceView, PrivateInfo, PublicInfo, RepositoryInfo, RepositoryView } from './wire.js';

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

/**
 * The blacklist's wire contract: the bodies of `/openapi/v3/*` (BlackBE) and `/manage/blacklist/*`
 * as TypeBox schemas, and their types. Imports only 'typebox': the dashboard imports this file.
 */
import Type, { type Static, type TSchema } from 'typebox';

/** Length caps on every stored string. */
export const Limits = {
  name: 64,
  xuid: 32,
  info: 2048,
  server: 128,
  areaCode: 8,
  photo: 512,
  photos: 16,
  repositoryName: 128,
  serverType: 64,
  message: 256,
  /** Repositories per `check/private` call. */
  privateRepositories: 100,
  uuid: 64,
} as const;

// ---------------------------------------------------------------------------------------------
// BlackBE envelope

export const ENVELOPE_VERSION = 'v3.1';
export const ENVELOPE_CODENAME = 'Moriya Suwako';

const envelopeFields = {
  success: Type.Boolean({ description: 'true for 2xxx statuses (2001 "not found" included)' }),
  status: Type.Integer({ description: 'BlackBE body status: 2000, 2001, 4000, 4001, 4040, 403xx, 5000, 5005', examples: [2000] }),
  message: Type.String({ examples: ['查询成功DeSu'] }),
  version: Type.Literal(ENVELOPE_VERSION),
  codename: Type.Literal(ENVELOPE_CODENAME),
  time: Type.Integer({ description: 'Unix seconds', examples: [1640008037] }),
};

/** `data` of every refusal: an empty array. */
export const EmptyData = Type.Array(Type.Unknown(), { maxItems: 0, description: 'always [] on errors' });

/** Every BlackBE answer: `{success,status,message,version,codename,time,data}` on one compact line. */
export const BlackbeEnvelopeSchema = Type.Object(
  { ...envelopeFields, data: Type.Unknown({ description: 'the route’s payload, or [] on errors' }) },
  { $id: 'BlackbeEnvelope', title: 'BlackbeEnvelope', description: 'The BlackBE OpenAPI v3 envelope' },
);

/** The envelope around one route's payload; `data` is `[]` when the status is a refusal. */
export function Envelope<T extends TSchema>(data: T, example?: unknown) {
  return Type.Object(
    { ...envelopeFields, data: Type.Union([data, EmptyData]) },
    { title: 'BlackbeEnvelope', ...(example === undefined ? {} : { examples: [example] }) },
  );
}

export interface BlackbeEnvelope<T> {
  success: boolean;
  status: number;
  message: string;
  version: typeof ENVELOPE_VERSION;
  codename: typeof ENVELOPE_CODENAME;
  time: number;
  data: T;
}

// ---------------------------------------------------------------------------------------------
// BlackBE payloads

/** One `check` hit (`black_id` = "1" or the private repository's UUID). */
export const PublicInfoSchema = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  black_id: Type.String({ description: '"1" for the public list, else the repository UUID' }),
  xuid: Type.String(),
  info: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  qq: Type.Integer({ description: '0 when unknown' }),
  photos: Type.Union([Type.Array(Type.String({ description: 'scheme-less URL' })), Type.Null()]),
});
export type PublicInfo = Static<typeof PublicInfoSchema>;

export const CheckDataSchema = Type.Object({ exist: Type.Boolean(), info: Type.Array(PublicInfoSchema) });
export type CheckData = Static<typeof CheckDataSchema>;

/** One `check/private` hit: no `black_id`, clients copy `repo_uuid` in. */
export const PrivateInfoSchema = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  xuid: Type.String(),
  info: Type.String(),
  server: Type.String(),
  time: Type.String({ description: 'YYYY-MM-DD' }),
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  qq: Type.Integer(),
  area_code: Type.String(),
  phone: Type.Integer(),
});
export type PrivateInfo = Static<typeof PrivateInfoSchema>;

export const PrivateResultSchema = Type.Object({
  repo_success: Type.Boolean({ description: 'false for an unknown or unreadable repository' }),
  repo_uuid: Type.String(),
  exist: Type.Boolean(),
  info: Type.Array(PrivateInfoSchema),
});
export type PrivateResult = Static<typeof PrivateResultSchema>;

/** One `piece/list` entry: a private hit without `server`. */
export const PieceListItemSchema = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  xuid: Type.String(),
  info: Type.String(),
  time: Type.String(),
  level: Type.Integer(),
  qq: Type.Integer(),
  area_code: Type.String(),
  phone: Type.Integer(),
});
export type PieceListItem = Static<typeof PieceListItemSchema>;

export const PieceListDataSchema = Type.Object({
  repositories_name: Type.String(),
  page_num: Type.Integer({ description: 'total pages' }),
  piece_num: Type.Integer({ description: 'entries in this page' }),
  piece_list: Type.Array(PieceListItemSchema),
});
export type PieceListData = Static<typeof PieceListDataSchema>;

/** `private/repositories/list` entry. */
export const RepositoryInfoSchema = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  type: Type.Integer({ description: '1: readable by anyone who knows the UUID; 2: owner only' }),
  list_num: Type.Integer(),
  server: Type.String(),
  server_type: Type.String(),
});
export type RepositoryInfo = Static<typeof RepositoryInfoSchema>;

export const RepositoryListDataSchema = Type.Object({
  repositories_num: Type.Integer(),
  repositories_list: Type.Array(RepositoryInfoSchema),
});

export const UploadedSchema = Type.Object({ uuid: Type.String() });
export const XuidDataSchema = Type.Object({ xuid: Type.String({ description: 'always a string' }) });

// ---------------------------------------------------------------------------------------------
// BlackBE request bodies and queries

/** A scalar field as clients send it: a string or a number ("1012140043" or 1012140043), null meaning none. */
const Loose = (description: string) => Type.Union([Type.String(), Type.Number(), Type.Null()], { description });

/**
 * The upload body. Lenient like BlackBE: numbers may come as strings, dates without zero padding,
 * and LLBlackBEEx nests the caller's fields under `options`. The service normalises and bounds it.
 */
export const PieceUploadSchema = Type.Object(
  {
    black_id: Type.Optional(Loose('"1" for the public list (admin keys), else a repository UUID')),
    name: Type.Optional(Loose('player name (required, here or under options)')),
    xuid: Type.Optional(Loose('digits')),
    info: Type.Optional(Loose('reason')),
    server: Type.Optional(Loose('where it happened')),
    time: Type.Optional(Loose('YYYY-MM-DD (padding optional); today when absent')),
    level: Type.Optional(Loose('1, 2 or 3 (default 1)')),
    qq: Type.Optional(Loose('whole number')),
    area_code: Type.Optional(Loose('e.g. +86')),
    phone: Type.Optional(Loose('whole number')),
    photos: Type.Optional(Type.Unknown({ description: 'a list of URLs (stored without scheme), or null' })),
    options: Type.Optional(Type.Unknown({ description: 'fields nested here (LLBlackBEEx) win over the top-level ones' })),
  },
  {
    additionalProperties: true,
    examples: [{ black_id: '2b39814e-43f4-4921-af77-83cdb955e783', name: 'TestPlayer', xuid: '2533274792462486', info: '测试信息', server: 'CatServer', time: '2022-02-18', level: 1, qq: 1000000000, area_code: '+86', phone: 10000000000 }],
  },
);
export type PieceUpload = Static<typeof PieceUploadSchema>;

export const PieceDeleteSchema = Type.Object(
  { piece_uuid: Type.String({ minLength: 1, maxLength: Limits.uuid }) },
  { examples: [{ piece_uuid: 'd4a24289-b7b5-4292-a629-d53c2a75d85c' }] },
);

export const PrivateCheckSchema = Type.Object(
  { repositories_uuid: Type.Array(Type.String({ maxLength: Limits.uuid }), { maxItems: Limits.privateRepositories }) },
  { examples: [{ repositories_uuid: ['2b39814e-43f4-4921-af77-83cdb955e783'] }] },
);

/** `name`, `qq`, `xuid`: any subset, matched as an OR; empty or unusable values are ignored. */
export const PlayerQuerySchema = Type.Object({
  name: Type.Optional(Type.String({ description: 'player name, case-insensitive exact match', examples: ['blackbetest'] })),
  qq: Type.Optional(Type.String({ description: 'QQ number; non-numeric values match nothing' })),
  xuid: Type.Optional(Type.String({ description: 'XUID digits; empty values match nothing' })),
});

export const PieceListQuerySchema = Type.Object({
  uuid: Type.Optional(Type.String({ description: 'repository UUID (required)' })),
  page: Type.Optional(Type.String({ description: 'page number from 1 (default 1; unusable values fall back)' })),
  page_size: Type.Optional(Type.String({ description: 'entries per page (default 10, at most 100)' })),
});

export const XuidQuerySchema = Type.Object({ gamertag: Type.Optional(Type.String({ examples: ['Steve'] })) });

// ---------------------------------------------------------------------------------------------
// /manage/blacklist

/** The `{"detail"}` refusal of the /manage routes. */
export const DetailSchema = Type.Object({ detail: Type.String() }, { title: 'Detail', examples: [{ detail: 'Repository not found' }] });

export const RepositoryViewSchema = Type.Object({
  ...RepositoryInfoSchema.properties,
  owner_key_id: Type.Union([Type.String(), Type.Null()], { description: 'null only for the public list' }),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type RepositoryView = Static<typeof RepositoryViewSchema>;

const RepositoryType = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal('1'), Type.Literal('2')], {
  description: '1: readable by anyone who knows the UUID; 2: owner only',
});

export const RepositoryCreateSchema = Type.Object(
  {
    name: Type.String({ maxLength: Limits.repositoryName }),
    type: Type.Optional(RepositoryType),
    server: Type.Optional(Type.String({ maxLength: Limits.server })),
    server_type: Type.Optional(Type.String({ maxLength: Limits.serverType })),
  },
  { additionalProperties: false, examples: [{ name: 'Survival bans', type: 1, server: 'play.example.com:19132', server_type: 'Endstone' }] },
);
export type RepositoryCreate = Static<typeof RepositoryCreateSchema>;

export const RepositoryPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: Limits.repositoryName })),
    type: Type.Optional(RepositoryType),
    server: Type.Optional(Type.String({ maxLength: Limits.server })),
    server_type: Type.Optional(Type.String({ maxLength: Limits.serverType })),
  },
  { additionalProperties: false, examples: [{ name: 'Renamed', type: 2 }] },
);
export type RepositoryPatch = Static<typeof RepositoryPatchSchema>;

/** The portable piece: what export writes and import reads. */
export const ExportedPieceSchema = Type.Object({
  name: Type.String(),
  xuid: Type.String(),
  info: Type.String(),
  server: Type.String(),
  time: Type.String(),
  level: Type.Integer(),
  qq: Type.Integer(),
  area_code: Type.String(),
  phone: Type.Integer(),
  photos: Type.Union([Type.Array(Type.String()), Type.Null()]),
});
export type ExportedPiece = Static<typeof ExportedPieceSchema>;

/** Everything the dashboard shows about a piece. */
export const PieceViewSchema = Type.Object({
  uuid: Type.String(),
  black_id: Type.String(),
  ...ExportedPieceSchema.properties,
  created_at: Type.String(),
});
export type PieceView = Static<typeof PieceViewSchema>;

export const PiecePageSchema = Type.Object({
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Type.Integer(),
  pieces: Type.Array(PieceViewSchema),
});
export type PiecePage = Static<typeof PiecePageSchema>;

/**
 * A whole number from 1 written in decimal digits. A string pattern rather than an integer: the
 * query conversion would otherwise read "1.5" as 1, "0x10" as 16 and "true" as 1.
 */
const WholeNumber = (description: string) => Type.String({ pattern: '^[1-9][0-9]{0,8}$', description, examples: ['1'] });

export const PiecePageQuerySchema = Type.Object({
  page: Type.Optional(WholeNumber('page number (default 1)')),
  page_size: Type.Optional(WholeNumber('entries per page (default 10, at most 500)')),
  q: Type.Optional(Type.String({ maxLength: Limits.name, description: 'name prefix, case-insensitive' })),
});

export const PieceSearchQuerySchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: Limits.name })),
  qq: Type.Optional(Type.String({ maxLength: 20 })),
  xuid: Type.Optional(Type.String({ maxLength: Limits.xuid })),
});

export const PieceSearchSchema = Type.Object({ exist: Type.Boolean(), pieces: Type.Array(PieceViewSchema) });
export type PieceSearch = Static<typeof PieceSearchSchema>;

export const ExportDocumentSchema = Type.Object({
  format: Type.Literal('interconnect-blacklist'),
  version: Type.Literal(1),
  exported_at: Type.String(),
  repository: Type.Object({ uuid: Type.String(), name: Type.String(), type: Type.Integer(), server: Type.String(), server_type: Type.String() }),
  pieces: Type.Array(ExportedPieceSchema),
});
export type ExportDocument = Static<typeof ExportDocumentSchema>;

/** What an import does with a player already in the repository. */
export const ImportModeSchema = Type.Union([Type.Literal('fail'), Type.Literal('skip'), Type.Literal('replace')], {
  description: 'a player already in the repository: fail (default) refuses the file, skip keeps the existing piece, replace overwrites it',
});
export type ImportMode = Static<typeof ImportModeSchema>;

export const ImportQuerySchema = Type.Object({
  replace: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: the file replaces the repository’s pieces' })),
  mode: Type.Optional(ImportModeSchema),
});

export const ImportResultSchema = Type.Object({
  imported: Type.Integer({ description: 'new pieces added' }),
  skipped: Type.Integer({ description: 'file pieces left out: the player was already there (mode=skip)' }),
  replaced: Type.Integer({ description: 'existing pieces overwritten by the file (mode=replace)' }),
  removed: Type.Integer({ description: 'pieces removed first (replace=true)' }),
});
export type ImportResult = Static<typeof ImportResultSchema>;

/** Join enforcement of one Regular (or Admin) Key. */
export const SettingsSchema = Type.Object({
  key_id: Type.String(),
  enforce: Type.Boolean(),
  min_level: Type.Integer({ minimum: 1, maximum: 3 }),
  message: Type.String({ description: 'kick message; {name}, {reason}, {level} and {uuid} are filled in' }),
});
export type BlacklistSettings = Static<typeof SettingsSchema>;

export const SettingsPatchSchema = Type.Object(
  {
    enforce: Type.Optional(Type.Boolean()),
    min_level: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.message })),
  },
  { additionalProperties: false, examples: [{ enforce: true, min_level: 2, message: 'Banned: {reason}' }] },
);
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

export const SettingsQuerySchema = Type.Object({
  key_id: Type.Optional(Type.String({ maxLength: Limits.uuid, description: 'admin keys: the Regular or Admin Key whose settings are meant' })),
});

export const UuidParamsSchema = Type.Object({ uuid: Type.String({ maxLength: Limits.uuid, description: 'repository UUID ("1" is the public list)' }) });
export const PieceParamsSchema = Type.Object({ uuid: Type.String({ maxLength: Limits.uuid, description: 'piece UUID' }) });

export const AuthHeadersSchema = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <key>', examples: ['Bearer mc_key_…'] })),
});

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../core/context.js';
import { callerOf, callerOrAnonymous, optionalKey, requireKey } from '../caller.js';
import { blackbe, envelope, Status } from '../envelope.js';
import { pageParams, unwrapOptions } from '../normalize.js';
import { blackbeErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import {
  AuthHeadersSchema,
  EmptyData,
  PieceDeleteSchema,
  PieceListDataSchema,
  PieceListQuerySchema,
  PieceUploadSchema,
  RepositoryListDataSchema,
  UploadedSchema,
} from '../wire.js';
import { BEARER, bothSlashes, blackbeResponses, OPTIONAL_BEARER, TAGS } from './route-docs.js';

const UPLOAD_MESSAGES = {
  '': 'the body must be a JSON object',
  black_id: 'black_id must be a string',
  name: 'name must be a string',
  xuid: 'xuid must be a string of digits',
  info: 'info must be a string',
  server: 'server must be a string',
  time: 'time must be a date like 2022-02-18',
  level: 'level must be 1, 2 or 3',
  qq: 'qq must be a whole number',
  area_code: 'area_code must be a string',
  phone: 'phone must be a whole number',
};

/** `private/repositories/*`: a key's repositories and their pieces. */
export const privateRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  for (const url of bothSlashes('/private/repositories/list')) {
    app.get(url, {
      schema: {
        tags: TAGS,
        summary: 'The key’s repositories (2001 with an empty list before the first one)',
        security: BEARER,
        headers: AuthHeadersSchema,
        response: blackbeResponses(RepositoryListDataSchema, {
          success: true, status: 2000, message: '查询成功DeSu', version: 'v3.1', codename: 'Moriya Suwako', time: 1640008037,
          data: { repositories_num: 1, repositories_list: [{ uuid: '2b39814e-43f4-4921-af77-83cdb955e783', name: '测试云黑库', type: 1, list_num: 2, server: 'nyan.xyz:19132', server_type: 'PocketMine-MP' }] },
        }, [429]),
      },
      onRequest: requireKey(ctx),
    }, async (request) => {
      const list = await blacklist.ownRepositories(callerOf(request));
      // 2001 keeps the object shape: a client spreads `repositories_list` without checking the status.
      return envelope(ctx.clock, list.length > 0 ? Status.ok : Status.noRepositories, { repositories_num: list.length, repositories_list: list });
    });
  }

  for (const url of bothSlashes('/private/repositories/piece/list')) {
    app.get(url, {
      schema: {
        tags: TAGS,
        summary: 'A repository’s pieces, a page at a time (type 2 needs the owner’s token)',
        description: 'page and page_size are strings; unusable values (NaN, -1, 1e309) fall back to 1 and 10, page_size is capped at 100. An unknown or unreadable repository is 4040.',
        security: OPTIONAL_BEARER,
        querystring: PieceListQuerySchema,
        headers: AuthHeadersSchema,
        response: blackbeResponses(PieceListDataSchema, undefined),
      },
      schemaErrorFormatter: blackbeErrors('noRepositoryUuid'),
      onRequest: optionalKey(ctx),
    }, async (request) => {
      const uuid = request.query.uuid?.trim() ?? '';
      if (uuid === '') throw blackbe('noRepositoryUuid');
      const { page, pageSize } = pageParams(request.query.page, request.query.page_size);
      const { total, ...data } = await blacklist.pagePieces(callerOrAnonymous(request), uuid, page, pageSize);
      return envelope(ctx.clock, total === 0 ? Status.emptyRepository : Status.ok, data);
    });
  }

  for (const url of bothSlashes('/private/repositories/piece/upload')) {
    app.post(url, {
      schema: {
        tags: TAGS,
        summary: 'Add a piece to one of the key’s repositories',
        description: '40321 (HTTP 403) when the player (same name in any case, or same XUID) is already listed; 40324 (HTTP 403) for a repository the key cannot write; 4001 for a body that cannot be read.',
        security: BEARER,
        headers: AuthHeadersSchema,
        body: PieceUploadSchema,
        response: blackbeResponses(UploadedSchema, {
          success: true, status: 2000, message: '上传成功啦', version: 'v3.1', codename: 'Moriya Suwako', time: 1645157404, data: { uuid: 'ef775bdf-6fdb-4381-b79e-07bb1abebece' },
        }, [403, 429]),
      },
      schemaErrorFormatter: blackbeErrors('badRequest', UPLOAD_MESSAGES),
      onRequest: requireKey(ctx),
    }, async (request) => {
      const body = unwrapOptions(request.body);
      const blackId = typeof body.black_id === 'number' ? String(body.black_id) : body.black_id;
      if (typeof blackId !== 'string' || blackId.trim() === '') throw blackbe('badRequest', 'black_id is required');
      const piece = await blacklist.addPiece(callerOf(request), blackId.trim(), body);
      return envelope(ctx.clock, Status.uploaded, { uuid: piece.uuid });
    });
  }

  for (const url of bothSlashes('/private/repositories/piece/delete')) {
    app.post(url, {
      schema: {
        tags: TAGS,
        summary: 'Remove a piece from one of the key’s repositories',
        description: '4040 for an unknown piece; 40326 (HTTP 403) for a piece of a repository the key cannot write.',
        security: BEARER,
        headers: AuthHeadersSchema,
        body: PieceDeleteSchema,
        response: blackbeResponses(EmptyData, {
          success: true, status: 2000, message: '删除成功了', version: 'v3.1', codename: 'Moriya Suwako', time: 1645157790, data: [],
        }, [403, 429]),
      },
      schemaErrorFormatter: blackbeErrors('badRequest', { '': 'the body must be a JSON object', piece_uuid: 'piece_uuid is required' }),
      onRequest: requireKey(ctx),
    }, async (request) => {
      await blacklist.deletePiece(callerOf(request), request.body.piece_uuid.trim());
      return envelope(ctx.clock, Status.deleted, []);
    });
  }
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { ANY_KEY, callerOf, OWNERS, requireKey } from '../caller.js';
import { hasCriteria, toPlayerQuery } from '../normalize.js';
import { manageErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import {
  Limits,
  PieceParamsSchema,
  PiecePageQuerySchema,
  PiecePageSchema,
  PieceSearchQuerySchema,
  PieceSearchSchema,
  PieceUploadSchema,
  PieceViewSchema,
  UuidParamsSchema,
} from '../wire.js';
import { BEARER, detailResponses, TAGS } from './route-docs.js';

/** The dashboard pages by 500 at most. */
const MAX_PAGE_SIZE = 500;

const pageErrors = manageErrors({
  uuid: `uuid must be at most ${Limits.uuid} characters`,
  page: 'page and page_size must be whole numbers from 1',
  page_size: 'page and page_size must be whole numbers from 1',
  q: `q must be a single string of at most ${Limits.name} characters`,
});
const SEARCH_MESSAGE = 'name, qq and xuid must be single short strings';
const searchErrors = manageErrors({ '': SEARCH_MESSAGE, name: SEARCH_MESSAGE, qq: SEARCH_MESSAGE, xuid: SEARCH_MESSAGE });
const bodyErrors = manageErrors({ uuid: `uuid must be at most ${Limits.uuid} characters`, '': 'Request body must be a JSON object' });

/** Piece listing, search, add and delete for the dashboard and the CLI. */
export const managePieceRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  app.get('/manage/blacklist/repositories/:uuid/pieces', {
    schema: {
      tags: TAGS, summary: 'A repository’s pieces, a page at a time, optionally by name prefix', security: BEARER,
      params: UuidParamsSchema,
      querystring: PiecePageQuerySchema,
      response: { 200: PiecePageSchema, ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: pageErrors,
    onRequest: requireKey(ctx, ANY_KEY),
  }, async (request) => {
    const page = Number(request.query.page ?? 1);
    const pageSize = Math.min(Number(request.query.page_size ?? 10), MAX_PAGE_SIZE);
    const result = await blacklist.pieceViews(callerOf(request), request.params.uuid, page, pageSize, request.query.q?.trim() ?? '');
    return { page, page_size: pageSize, total: result.total, pieces: result.pieces };
  });

  app.post('/manage/blacklist/repositories/:uuid/pieces', {
    schema: {
      tags: TAGS, summary: 'Add a piece (the upload body of BlackBE, as leniently read)', security: BEARER,
      params: UuidParamsSchema,
      body: PieceUploadSchema,
      response: { 201: PieceViewSchema, ...detailResponses(400, 401, 403, 404, 409, 429) },
    },
    schemaErrorFormatter: bodyErrors,
    onRequest: requireKey(ctx, OWNERS),
  }, async (request, reply) => reply.code(201).send(await blacklist.addPiece(callerOf(request), request.params.uuid, request.body)));

  app.delete('/manage/blacklist/pieces/:uuid', {
    schema: {
      tags: TAGS, summary: 'Delete a piece', security: BEARER,
      params: PieceParamsSchema,
      response: { 204: Type.Null({ description: 'Deleted' }), ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: bodyErrors,
    onRequest: requireKey(ctx, OWNERS),
  }, async (request, reply) => {
    await blacklist.deletePiece(callerOf(request), request.params.uuid);
    return reply.code(204).send(null);
  });

  app.get('/manage/blacklist/pieces/search', {
    schema: {
      tags: TAGS, summary: 'Pieces matching a player in every repository the key may read (admin: all)', security: BEARER,
      querystring: PieceSearchQuerySchema,
      response: { 200: PieceSearchSchema, ...detailResponses(400, 401, 403, 429) },
    },
    schemaErrorFormatter: searchErrors,
    onRequest: requireKey(ctx, ANY_KEY),
  }, async (request) => {
    const query = toPlayerQuery(request.query);
    if (!hasCriteria(query)) throw new AppError('bad_request', 'Give a name, a numeric qq or a numeric xuid');
    const pieces = await blacklist.searchPieces(callerOf(request), query);
    return { exist: pieces.length > 0, pieces };
  });
};

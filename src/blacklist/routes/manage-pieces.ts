import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import { hasCriteria, pageParams, toPlayerQuery } from '../normalize.js';
import type { BlacklistService } from '../service.js';
import { manage } from './common.js';
import { ANY_KEY, OWNER_REQUIRED, OWNERS } from './manage-repositories.js';

const PageQuery = Compile(
  Type.Object({
    page: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
    page_size: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
    q: Type.Optional(Type.String({ maxLength: 64 })),
  }),
);
const SearchQuery = Compile(
  Type.Object({
    name: Type.Optional(Type.String({ maxLength: 64 })),
    qq: Type.Optional(Type.String({ maxLength: 20 })),
    xuid: Type.Optional(Type.String({ maxLength: 32 })),
  }),
);

/** Piece listing, search, add and delete for the dashboard and the CLI. */
export async function managePieceRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  app.get<{ Params: { uuid: string } }>('/manage/blacklist/repositories/:uuid/pieces', async (request) => {
    const key = await ctx.auth.require(request, ANY_KEY, OWNER_REQUIRED);
    const query: unknown = request.query;
    if (!PageQuery.Check(query)) throw new HttpError(400, 'page and page_size must be whole numbers; q at most 64 characters');
    const { page, pageSize } = pageParams(query.page, query.page_size, 500);
    const result = await manage(() => blacklist.pieceViews(key, request.params.uuid, page, pageSize, query.q?.trim() ?? ''));
    return { page, page_size: pageSize, total: result.total, pieces: result.pieces };
  });

  app.post<{ Params: { uuid: string } }>('/manage/blacklist/repositories/:uuid/pieces', async (request, reply) => {
    const key = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
    const piece = await manage(() => blacklist.addPiece(key, request.params.uuid, request.body ?? {}));
    return reply.code(201).send(piece);
  });

  app.delete<{ Params: { uuid: string } }>('/manage/blacklist/pieces/:uuid', async (request, reply) => {
    const key = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
    await manage(() => blacklist.deletePiece(key, request.params.uuid));
    return reply.code(204).send();
  });

  app.get('/manage/blacklist/pieces/search', async (request) => {
    const key = await ctx.auth.require(request, ANY_KEY, OWNER_REQUIRED);
    const raw: unknown = request.query;
    if (!SearchQuery.Check(raw)) throw new HttpError(400, 'name, qq and xuid must be single short strings');
    const query = toPlayerQuery(raw);
    if (!hasCriteria(query)) throw new HttpError(400, 'Give a name, a numeric qq or a numeric xuid');
    const pieces = await manage(() => blacklist.searchPieces(key, query));
    return { exist: pieces.length > 0, pieces };
  });
}

import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { AppContext } from '../../core/context.js';
import { BlackbeError, sendEnvelope, Status } from '../envelope.js';
import { isRecord, pageParams, unwrapOptions } from '../normalize.js';
import { BlacklistFailure, type BlacklistService } from '../service.js';
import { bothSlashes, optionalKey, requiredKey } from './common.js';

const PageQuery = Compile(
  Type.Object({
    uuid: Type.Optional(Type.String()),
    page: Type.Optional(Type.String()),
    page_size: Type.Optional(Type.String()),
  }),
);
const DeleteBody = Compile(Type.Object({ piece_uuid: Type.String({ minLength: 1, maxLength: 64 }) }));

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : undefined;
}

/** `private/repositories/*`: a key's repositories and their pieces. */
export async function privateRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  bothSlashes(app, 'GET', '/private/repositories/list', async (request, reply) => {
    const key = await requiredKey(ctx, request);
    const list = await blacklist.ownRepositories(key);
    // 2001 keeps the object shape: a client spreads `repositories_list` without checking the status.
    return sendEnvelope(reply, ctx.clock, list.length > 0 ? Status.ok : Status.noRepositories, {
      repositories_num: list.length,
      repositories_list: list,
    });
  });

  bothSlashes(app, 'GET', '/private/repositories/piece/list', async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const query = { uuid: single(raw.uuid), page: single(raw.page), page_size: single(raw.page_size) };
    if (!PageQuery.Check(query)) throw new BlackbeError(Status.noRepositoryUuid);
    const uuid = query.uuid?.trim() ?? '';
    if (uuid === '') throw new BlackbeError(Status.noRepositoryUuid);
    const { page, pageSize } = pageParams(query.page, query.page_size);
    // A token is only needed for type-2 repositories; an invalid one reads like none.
    const key = await optionalKey(ctx, request);
    let result;
    try {
      result = await blacklist.pagePieces(key, uuid, page, pageSize);
    } catch (err) {
      if (err instanceof BlacklistFailure && err.kind === 'not_found') throw new BlackbeError(Status.repositoryNotFound);
      throw err;
    }
    const { total, ...data } = result;
    return sendEnvelope(reply, ctx.clock, total === 0 ? Status.emptyRepository : Status.ok, data);
  });

  bothSlashes(app, 'POST', '/private/repositories/piece/upload', async (request, reply) => {
    const key = await requiredKey(ctx, request);
    if (!isRecord(request.body)) throw new BlackbeError(Status.badRequest, 'the body must be a JSON object');
    const body = unwrapOptions(request.body);
    const blackId = typeof body.black_id === 'number' ? String(body.black_id) : body.black_id;
    if (typeof blackId !== 'string' || blackId.trim() === '') throw new BlackbeError(Status.badRequest, 'black_id is required');
    try {
      const piece = await blacklist.addPiece(key, blackId.trim(), body);
      return sendEnvelope(reply, ctx.clock, Status.uploaded, { uuid: piece.uuid });
    } catch (err) {
      if (err instanceof BlacklistFailure) {
        if (err.kind === 'invalid') throw new BlackbeError(Status.badRequest, err.message);
        if (err.kind === 'duplicate') throw new BlackbeError(Status.duplicate);
        throw new BlackbeError(Status.notYourRepository);
      }
      throw err;
    }
  });

  bothSlashes(app, 'POST', '/private/repositories/piece/delete', async (request, reply) => {
    const key = await requiredKey(ctx, request);
    const body = request.body;
    if (!DeleteBody.Check(body)) throw new BlackbeError(Status.badRequest, 'piece_uuid is required');
    try {
      await blacklist.deletePiece(key, body.piece_uuid.trim());
    } catch (err) {
      if (err instanceof BlacklistFailure) {
        if (err.kind === 'not_found') throw new BlackbeError(Status.pieceNotFound);
        throw new BlackbeError(Status.notYourPiece);
      }
      throw err;
    }
    return sendEnvelope(reply, ctx.clock, Status.deleted, []);
  });
}

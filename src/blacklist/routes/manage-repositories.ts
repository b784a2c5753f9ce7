import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppContext } from '../../core/context.js';
import { ANY_KEY, callerOf, OWNERS, requireKey } from '../caller.js';
import { manageErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import { Limits, RepositoryCreateSchema, RepositoryPatchSchema, RepositoryViewSchema, UuidParamsSchema } from '../wire.js';
import { BEARER, detailResponses, TAGS } from './route-docs.js';

const REPOSITORY_MESSAGES = {
  '': 'Request body must be a JSON object',
  uuid: `uuid must be at most ${Limits.uuid} characters`,
  name: `name must be a string of at most ${Limits.repositoryName} characters`,
  type: 'type must be 1 (readable by UUID) or 2 (owner only)',
  server: `server must be a string of at most ${Limits.server} characters`,
  server_type: `server_type must be a string of at most ${Limits.serverType} characters`,
};
const errors = manageErrors(REPOSITORY_MESSAGES);

/** `/manage/blacklist/repositories`: owners create, change and delete their repositories. */
export const manageRepositoryRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  app.get('/manage/blacklist/repositories', {
    schema: {
      tags: TAGS, summary: 'Repositories the key may manage (admin keys: all, the public list included)', security: BEARER,
      response: { 200: Type.Array(RepositoryViewSchema), ...detailResponses(401, 403, 429) },
    },
    onRequest: requireKey(ctx, ANY_KEY),
  }, async (request) => blacklist.manageableRepositories(callerOf(request)));

  app.post('/manage/blacklist/repositories', {
    schema: {
      tags: TAGS, summary: 'Create a repository (type 2 unless told)', security: BEARER,
      body: RepositoryCreateSchema,
      response: { 201: RepositoryViewSchema, ...detailResponses(400, 401, 403, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, OWNERS),
  }, async (request, reply) => reply.code(201).send(await blacklist.createRepository(callerOf(request), request.body)));

  app.get('/manage/blacklist/repositories/:uuid', {
    schema: {
      tags: TAGS, summary: 'One repository (404 also for a type 2 of another owner)', security: BEARER,
      params: UuidParamsSchema,
      response: { 200: RepositoryViewSchema, ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, ANY_KEY),
  }, async (request) => blacklist.getRepository(callerOf(request), request.params.uuid));

  app.patch('/manage/blacklist/repositories/:uuid', {
    schema: {
      tags: TAGS, summary: 'Change a repository’s name, type or server fields', security: BEARER,
      params: UuidParamsSchema,
      body: RepositoryPatchSchema,
      response: { 200: RepositoryViewSchema, ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, OWNERS),
  }, async (request) => blacklist.updateRepository(callerOf(request), request.params.uuid, request.body));

  app.delete('/manage/blacklist/repositories/:uuid', {
    schema: {
      tags: TAGS, summary: 'Delete a repository with its pieces', security: BEARER,
      params: UuidParamsSchema,
      response: { 204: Type.Null({ description: 'Deleted' }), ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, OWNERS),
  }, async (request, reply) => {
    await blacklist.deleteRepository(callerOf(request), request.params.uuid);
    return reply.code(204).send(null);
  });
};

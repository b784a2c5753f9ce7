import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import type { BlacklistService } from '../service.js';
import { manage } from './common.js';

export const OWNERS = ['admin', 'regular'] as const;
export const ANY_KEY = ['admin', 'regular', 'server'] as const;
export const OWNER_REQUIRED = 'Admin Key or Regular Key required';

type UuidParams = { Params: { uuid: string } };

/** `/manage/blacklist/repositories`: owners create, change and delete their repositories. */
export async function manageRepositoryRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  app.get('/manage/blacklist/repositories', async (request) => {
    const key = await ctx.auth.require(request, ANY_KEY, OWNER_REQUIRED);
    return manage(() => blacklist.manageableRepositories(key));
  });

  app.post('/manage/blacklist/repositories', async (request, reply) => {
    const key = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
    const created = await manage(() => blacklist.createRepository(key, request.body ?? {}));
    return reply.code(201).send(created);
  });

  app.get<UuidParams>('/manage/blacklist/repositories/:uuid', async (request) => {
    const key = await ctx.auth.require(request, ANY_KEY, OWNER_REQUIRED);
    return manage(() => blacklist.getRepository(key, request.params.uuid));
  });

  app.patch<UuidParams>('/manage/blacklist/repositories/:uuid', async (request) => {
    const key = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
    return manage(() => blacklist.updateRepository(key, request.params.uuid, request.body ?? {}));
  });

  app.delete<UuidParams>('/manage/blacklist/repositories/:uuid', async (request, reply) => {
    const key = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
    await manage(() => blacklist.deleteRepository(key, request.params.uuid));
    return reply.code(204).send();
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import type { ApiKeyRecord } from '../../core/keys.js';
import { ownerOf } from '../access.js';
import type { BlacklistService } from '../service.js';
import { manage } from './common.js';
import { ANY_KEY, OWNER_REQUIRED, OWNERS } from './manage-repositories.js';

/**
 * Whose settings a request means: the caller's own (a server key reads its regular key's), or for
 * an admin key any regular or admin key named by `?key_id=`.
 */
async function targetKey(ctx: AppContext, request: FastifyRequest, actor: ApiKeyRecord): Promise<string> {
  const wanted = (request.query as { key_id?: unknown }).key_id;
  if (wanted === undefined || wanted === '' || wanted === ownerOf(actor)) return ownerOf(actor);
  if (typeof wanted !== 'string') throw new HttpError(400, 'key_id must be a single key id');
  if (actor.keyType !== 'admin') throw new HttpError(403, 'Only Admin Keys manage the settings of other keys');
  const target = await ctx.keys.get(wanted);
  if (!target) throw new HttpError(404, 'API Key not found');
  if (target.keyType === 'server') throw new HttpError(400, 'Settings belong to a Regular Key; a Server Key follows its Regular Key');
  return target.id;
}

/** `/manage/blacklist/settings`: per regular key, whether and how joins are enforced. */
export async function manageSettingsRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  app.get('/manage/blacklist/settings', async (request) => {
    const actor = await ctx.auth.require(request, ANY_KEY, OWNER_REQUIRED);
    return blacklist.getSettings(await targetKey(ctx, request, actor));
  });

  app.put('/manage/blacklist/settings', async (request) => {
    const actor = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
    const keyId = await targetKey(ctx, request, actor);
    return manage(() => blacklist.putSettings(actor, keyId, request.body ?? {}));
  });
}

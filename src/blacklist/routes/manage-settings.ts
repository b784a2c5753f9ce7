import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../core/context.js';
import { ANY_KEY, callerOf, OWNERS, requireKey } from '../caller.js';
import { manageErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import { Limits, SettingsPatchSchema, SettingsQuerySchema, SettingsSchema } from '../wire.js';
import { BEARER, detailResponses, TAGS } from './route-docs.js';

const errors = manageErrors({
  '': 'Request body must be a JSON object',
  key_id: 'key_id must be a single key id',
  enforce: 'enforce must be true or false',
  min_level: 'min_level must be 1, 2 or 3',
  message: `message must be a non-empty string of at most ${Limits.message} characters`,
});

/** `/manage/blacklist/settings`: per regular key, whether and how joins are enforced. */
export const manageSettingsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  app.get('/manage/blacklist/settings', {
    schema: {
      tags: TAGS, summary: 'Join enforcement settings (a server key reads its regular key’s)', security: BEARER,
      querystring: SettingsQuerySchema,
      response: { 200: SettingsSchema, ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, ANY_KEY),
  }, async (request) => blacklist.getSettings(await blacklist.settingsOwner(callerOf(request), request.query.key_id)));

  app.put('/manage/blacklist/settings', {
    schema: {
      tags: TAGS, summary: 'Change the fields given; admin keys may name another key by key_id', security: BEARER,
      querystring: SettingsQuerySchema,
      body: SettingsPatchSchema,
      response: { 200: SettingsSchema, ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, OWNERS),
  }, async (request) => {
    const actor = callerOf(request);
    return blacklist.putSettings(actor, await blacklist.settingsOwner(actor, request.query.key_id), request.body);
  });
};

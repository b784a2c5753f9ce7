import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../core/context.js';
import { blackbe, envelope, Status } from '../envelope.js';
import { blackbeErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import { Limits, XuidDataSchema, XuidQuerySchema } from '../wire.js';
import { bothSlashes, blackbeResponses, TAGS } from './route-docs.js';

/** `utils/xuid`: answered from what this service has seen, not from Xbox Live. */
export const utilRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  for (const url of bothSlashes('/utils/xuid')) {
    app.get(url, {
      schema: {
        tags: TAGS,
        summary: 'The XUID of a gamertag, from public pieces and player events (2001 when unknown)',
        security: [],
        querystring: XuidQuerySchema,
        response: blackbeResponses(XuidDataSchema, {
          success: true, status: 2000, message: '查询成功DeSu', version: 'v3.1', codename: 'Moriya Suwako', time: 1640008037, data: { xuid: '2535424045177658' },
        }),
      },
      schemaErrorFormatter: blackbeErrors('noGamertag'),
    }, async (request) => {
      const gamertag = request.query.gamertag?.trim() ?? '';
      if (gamertag === '' || gamertag === 'undefined') throw blackbe('noGamertag');
      const xuid = gamertag.length > Limits.name ? undefined : await blacklist.xuidFor(gamertag);
      // The XUID is always a string: a C++ client reads it with get<std::string>().
      return xuid === undefined ? envelope(ctx.clock, Status.unknownGamertag, []) : envelope(ctx.clock, Status.ok, { xuid });
    });
  }
};

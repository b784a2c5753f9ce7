import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { sendEnvelope, Status } from '../envelope.js';
import { Limits } from '../normalize.js';
import type { BlacklistService } from '../service.js';
import { bothSlashes } from './common.js';

/** `utils/xuid`: answered from what this service has seen, not from Xbox Live. */
export async function utilRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  bothSlashes(app, 'GET', '/utils/xuid', async (request, reply) => {
    const at = request.url.indexOf('?');
    const gamertag = new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1)).get('gamertag')?.trim() ?? '';
    if (gamertag === '' || gamertag === 'undefined') return sendEnvelope(reply, ctx.clock, Status.noGamertag, []);
    const xuid = gamertag.length > Limits.name ? undefined : await blacklist.xuidFor(gamertag);
    // The XUID is always a string: a C++ client reads it with get<std::string>().
    return xuid === undefined
      ? sendEnvelope(reply, ctx.clock, Status.unknownGamertag, [])
      : sendEnvelope(reply, ctx.clock, Status.ok, { xuid });
  });
}

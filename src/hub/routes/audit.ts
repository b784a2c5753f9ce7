import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';

interface AuditListQuery {
  module?: string;
  action?: string;
  before?: string;
  limit?: string;
}

export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: AuditListQuery }>('/manage/audit', async (request) => {
    await ctx.auth.require(request, ['admin'], 'Admin Key required');
    const { module, action, before, limit } = request.query;
    for (const [name, value] of [['before', before], ['limit', limit]] as const) {
      if (value !== undefined && !/^\d+$/.test(value)) throw new HttpError(400, `${name} must be a whole number`);
    }
    const size = Math.min(Number(limit ?? 100), 500) || 100;
    const entries = await ctx.audit.list({
      module: module || undefined,
      action: action || undefined,
      before: before === undefined ? undefined : Number(before),
      limit: size,
    });
    const last = entries.at(-1);
    return { entries, next_before: entries.length === size && last ? last.id : null };
  });
}

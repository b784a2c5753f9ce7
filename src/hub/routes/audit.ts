import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { intParam } from './fields.js';

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
    const size = intParam(limit, 'limit', 1, 500) ?? 100;
    const entries = await ctx.audit.list({
      module: module || undefined,
      action: action || undefined,
      before: intParam(before, 'before', 1, Number.MAX_SAFE_INTEGER),
      limit: size,
    });
    const last = entries.at(-1);
    return { entries, next_before: entries.length === size && last ? last.id : null };
  });
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuditService } from '../../core/audit.js';
import { AuditPage, AuditQuery } from '../wire.js';
import { ADMIN_ONLY, BEARER, BearerHeaders, refusals, type KeyGuard } from './guard.js';

export async function auditRoutes(instance: FastifyInstance, audit: AuditService, guard: KeyGuard): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/manage/audit', {
    schema: {
      tags: ['hub'],
      summary: 'The audit log of every module, newest first (Admin Key)',
      security: BEARER,
      headers: BearerHeaders,
      querystring: AuditQuery,
      response: { 200: AuditPage, ...refusals(400, 401, 403, 429) },
    },
    preValidation: guard.require(['admin'], ADMIN_ONLY),
  }, async (request) => {
    const { module, action, before } = request.query;
    const limit = request.query.limit ?? 100;
    const entries = await audit.list({ module, action, before, limit });
    const last = entries.at(-1);
    return { entries, next_before: entries.length === limit && last ? last.id : null };
  });
}

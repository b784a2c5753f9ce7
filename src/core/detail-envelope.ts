import type { FastifyReply } from 'fastify';
import { statusOf, type AppError } from './errors.js';

/** The `{"detail": ...}` envelope of the hub, the manage routes and the dashboard. The spec answers every malformed body with a 400. */
export function renderDetail(error: AppError, reply: FastifyReply): FastifyReply {
  if (error.kind === 'payload_too_large') return reply.code(400).send({ detail: 'Request body too large' });
  if (error.kind === 'unsupported_media_type') return reply.code(400).send({ detail: 'Content-Type must be application/json' });
  return reply.code(statusOf(error.kind)).send({ detail: error.message });
}

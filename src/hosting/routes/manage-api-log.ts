import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { bearerToken } from '../../core/auth.js';
import type { HostingService } from '../service.js';
import { ApiLogFile } from '../wire.js';

const Detail = Type.Object({ detail: Type.String() });

/**
 * `GET /manage/hosting/api-log`: the hosting API log in BoardMate's `data/api.json` shape, for
 * `interconnect hosting export-log`. `key` is always empty: HOSTING_API_KEY is a secret the
 * operator set, and an admin key that can read this log can be deactivated, while a copy of
 * HOSTING_API_KEY learned here would keep working for anyone who saw the answer (or its file).
 */
export const manageApiLogRoutes: FastifyPluginAsyncTypebox<{ service: HostingService }> = async (app, { service }) => {
  app.get(
    '/manage/hosting/api-log',
    {
      schema: {
        tags: ['hosting'],
        summary: "The hosting API log in BoardMate's data/api.json shape (oldest first)",
        description:
          'Every admin-API call as BoardMate logged it, including entries imported with `import-boardmate` at their original times. `key` is always "": the service never sends HOSTING_API_KEY back; `interconnect hosting export-log` fills it in from its own environment.',
        security: [{ bearerKey: [] }],
        headers: Type.Object({ authorization: Type.Optional(Type.String({ description: 'Bearer <admin key>' })) }),
        response: {
          200: ApiLogFile,
          401: { ...Detail, description: 'Missing or invalid key' },
          403: { ...Detail, description: 'Not an admin key' },
          429: { ...Detail, description: 'Too many failed attempts from this address' },
        },
      },
    },
    async (request) => {
      await service.requireAdminKey(bearerToken(request.headers.authorization), request.ip);
      return service.exportApiLog();
    },
  );
};

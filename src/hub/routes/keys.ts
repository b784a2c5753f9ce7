import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubService } from '../service.js';
import { schemaErrors } from '../schema-errors.js';
import { ApiKey, ApiKeyList, CreatedKey, CreatedPair, KeyIdParams, Message, NewKeyBody, NewServerKeyBody } from '../wire.js';
import { ADMIN_ONLY, ADMIN_OR_REGULAR, BEARER, BearerHeaders, refusals, type KeyGuard } from './guard.js';

const SERVER_KEY_HINT = 'Invalid key_type: server (create Server Keys with POST /manage/keys/server-keys)';

const newKeyErrors = schemaErrors({
  fields: {
    name: { missing: 'Name is required' },
    key_type: {
      invalid: (value) => (typeof value !== 'string' ? 'key_type must be a string' : value === 'server' ? SERVER_KEY_HINT : `Invalid key_type: ${value}`),
    },
    expires_at: { invalid: (value) => (typeof value === 'string' ? 'expires_at must be an ISO 8601 date-time' : 'expires_at must be a string') },
  },
});

const newServerKeyErrors = schemaErrors({
  fields: {
    name: { missing: 'Name is required' },
    regular_key_id: { missing: 'regular_key_id is required' },
    expires_at: { invalid: (value) => (typeof value === 'string' ? 'expires_at must be an ISO 8601 date-time' : 'expires_at must be a string') },
  },
});

/** `/manage/keys`: the spec's key management with its tier rules. */
export async function keyRoutes(instance: FastifyInstance, hub: HubService, guard: KeyGuard): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['hub'], security: BEARER, headers: BearerHeaders };

  app.get('/manage/keys', {
    schema: { ...common, summary: 'List every API key (Admin Key)', response: { 200: ApiKeyList, ...refusals(401, 403, 429) } },
    preValidation: guard.require(['admin'], ADMIN_ONLY),
  }, async () => hub.keys.list());

  app.post('/manage/keys', {
    schema: {
      ...common,
      summary: 'Create a Regular Key (with its Server Key) or an Admin Key',
      description: 'The raw `key` is in this answer only. A Regular Key comes with a Server Key for the same server_id.',
      body: NewKeyBody,
      response: { 201: Type.Union([CreatedPair, CreatedKey]), ...refusals(400, 401, 403, 429) },
    },
    schemaErrorFormatter: newKeyErrors,
    preValidation: guard.require(['admin'], ADMIN_ONLY),
  }, async (request, reply) => reply.code(201).send(await hub.keys.create(guard.keyOf(request), request.body)));

  app.get('/manage/keys/server-keys', {
    schema: { ...common, summary: 'List Server Keys: all for an Admin Key, its own for a Regular Key', response: { 200: ApiKeyList, ...refusals(401, 403, 429) } },
    preValidation: guard.require(['admin', 'regular'], ADMIN_OR_REGULAR),
  }, async (request) => hub.keys.listServerKeys(guard.keyOf(request)));

  app.post('/manage/keys/server-keys', {
    schema: {
      ...common,
      summary: 'Create another Server Key for a Regular Key (Admin Key)',
      body: NewServerKeyBody,
      response: { 201: CreatedKey, ...refusals(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: newServerKeyErrors,
    preValidation: guard.require(['admin'], ADMIN_ONLY),
  }, async (request, reply) => reply.code(201).send(await hub.keys.createServerKey(guard.keyOf(request), request.body)));

  app.get('/manage/keys/:key_id', {
    schema: { ...common, summary: 'One API key', params: KeyIdParams, response: { 200: ApiKey, ...refusals(401, 403, 404, 429) } },
    preValidation: guard.require(['admin', 'regular'], ADMIN_OR_REGULAR),
  }, async (request) => hub.keys.get(guard.keyOf(request), request.params.key_id));

  for (const [action, active] of [['activate', true], ['deactivate', false]] as const) {
    app.patch(`/manage/keys/:key_id/${action}`, {
      schema: {
        ...common,
        summary: active ? 'Activate a key' : 'Deactivate a key (its sockets close at once)',
        description: 'Admin Keys manage any key, a Regular Key only its own Server Keys. A body, if any, is ignored.',
        params: KeyIdParams,
        response: { 200: Message, ...refusals(400, 401, 403, 404, 429) },
      },
      preValidation: guard.require(['admin', 'regular'], ADMIN_OR_REGULAR),
    }, async (request) => {
      const id = request.params.key_id;
      await hub.keys.setActive(guard.keyOf(request), id, active);
      return { message: `Key '${id}' ${action}d.` };
    });
  }

  app.delete('/manage/keys/:key_id', {
    schema: {
      ...common,
      summary: 'Delete a key (a Regular Key takes its Server Keys with it)',
      params: KeyIdParams,
      response: { 204: Type.Null({ description: 'Deleted' }), ...refusals(400, 401, 403, 404, 429) },
    },
    preValidation: guard.require(['admin', 'regular'], ADMIN_OR_REGULAR),
  }, async (request, reply) => {
    await hub.keys.remove(guard.keyOf(request), request.params.key_id);
    return reply.code(204).send(null);
  });
}

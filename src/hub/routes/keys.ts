import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import type { ApiKeyRecord } from '../../core/keys.js';
import { objectBody, optionalFutureTime, optionalString, requiredString } from './fields.js';

const ADMIN_ONLY = 'Admin Key required';
const ADMIN_OR_REGULAR = 'Admin Key or Regular Key required';

/** `/manage/keys`: the spec's key management with its tier rules. */
export async function keyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { keys, audit, auth } = ctx;

  /** Admin keys manage every key; a regular key only its own server keys. */
  async function manageable(actor: ApiKeyRecord, id: string): Promise<ApiKeyRecord> {
    const target = await keys.get(id);
    if (!target) throw new HttpError(404, 'API Key not found');
    if (actor.keyType === 'admin') return target;
    if (target.keyType === 'server' && target.regularKeyId === actor.id) return target;
    throw new HttpError(403, 'Regular Keys may only manage their own Server Keys');
  }

  app.get('/manage/keys', async (request) => {
    await auth.require(request, ['admin'], ADMIN_ONLY);
    return keys.list();
  });

  app.post('/manage/keys', async (request, reply) => {
    const actor = await auth.require(request, ['admin'], ADMIN_ONLY);
    const body = objectBody(request.body);
    const name = requiredString(body, 'name', 'Name is required', 128);
    const description = optionalString(body, 'description', 1024);
    const keyType = optionalString(body, 'key_type', 32) ?? 'regular';
    const serverId = optionalString(body, 'server_id', 128);
    const expiresAt = optionalFutureTime(body, 'expires_at', ctx.clock.now());
    if (keyType === 'server') {
      throw new HttpError(400, 'Invalid key_type: server (create Server Keys with POST /manage/keys/server-keys)');
    }
    if (keyType !== 'regular' && keyType !== 'admin') throw new HttpError(400, `Invalid key_type: ${keyType}`);
    const input = { name, description, serverId, expiresAt };
    if (keyType === 'admin') {
      const created = await keys.createAdmin(input);
      await audit.record({ module: 'hub', actorKeyId: actor.id, action: 'key.create', target: created.id, detail: { keyType: 'admin', name } });
      return reply.code(201).send(created);
    }
    const pair = await keys.createRegularWithServer(input);
    await audit.record({
      module: 'hub', actorKeyId: actor.id, action: 'key.create', target: pair.regularKey.id,
      detail: { keyType: 'regular', name, serverId: serverId ?? null, serverKeyId: pair.serverKey.id },
    });
    return reply.code(201).send(pair);
  });

  app.get('/manage/keys/server-keys', async (request) => {
    const actor = await auth.require(request, ['admin', 'regular'], ADMIN_OR_REGULAR);
    return keys.listServerKeys(actor.keyType === 'admin' ? undefined : actor.id);
  });

  app.post('/manage/keys/server-keys', async (request, reply) => {
    const actor = await auth.require(request, ['admin'], ADMIN_ONLY);
    const body = objectBody(request.body);
    const name = requiredString(body, 'name', 'Name is required', 128);
    const regularKeyId = requiredString(body, 'regular_key_id', 'regular_key_id is required', 64);
    const created = await keys.createServerKey({
      name,
      description: optionalString(body, 'description', 1024),
      serverId: optionalString(body, 'server_id', 128),
      expiresAt: optionalFutureTime(body, 'expires_at', ctx.clock.now()),
      regularKeyId,
    });
    await audit.record({ module: 'hub', actorKeyId: actor.id, action: 'key.create', target: created.id, detail: { keyType: 'server', name, regularKeyId } });
    return reply.code(201).send(created);
  });

  app.get<{ Params: { key_id: string } }>('/manage/keys/:key_id', async (request) => {
    const actor = await auth.require(request, ['admin', 'regular'], ADMIN_OR_REGULAR);
    return manageable(actor, request.params.key_id);
  });

  for (const [action, active] of [['activate', true], ['deactivate', false]] as const) {
    app.patch<{ Params: { key_id: string } }>(`/manage/keys/:key_id/${action}`, async (request) => {
      const actor = await auth.require(request, ['admin', 'regular'], ADMIN_OR_REGULAR);
      const id = request.params.key_id;
      if (!active && id === actor.id) throw new HttpError(400, 'Cannot deactivate your own key.');
      await manageable(actor, id);
      try {
        await keys.setActive(id, active, actor.id);
      } catch (err) {
        await audit.record({ module: 'hub', actorKeyId: actor.id, action: `key.${action}`, target: id, result: (err as Error).message });
        throw err;
      }
      await audit.record({ module: 'hub', actorKeyId: actor.id, action: `key.${action}`, target: id, result: 'ok' });
      return { message: `Key '${id}' ${action}d.` };
    });
  }

  app.delete<{ Params: { key_id: string } }>('/manage/keys/:key_id', async (request, reply) => {
    const actor = await auth.require(request, ['admin', 'regular'], ADMIN_OR_REGULAR);
    const id = request.params.key_id;
    if (id === actor.id) throw new HttpError(400, 'Cannot delete your own key.');
    await manageable(actor, id);
    try {
      await keys.delete(id, actor.id);
    } catch (err) {
      await audit.record({ module: 'hub', actorKeyId: actor.id, action: 'key.delete', target: id, result: (err as Error).message });
      throw err;
    }
    await audit.record({ module: 'hub', actorKeyId: actor.id, action: 'key.delete', target: id, result: 'ok' });
    return reply.code(204).send();
  });
}

import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { badRequest, forbidden, notFound } from '../core/errors.js';
import type { ApiKeyRecord, CreatedKey, KeyService } from '../core/keys.js';
import type { NewKeyBody, NewServerKeyBody } from './wire.js';

/**
 * `/manage/keys` as the spec rules it: admin keys manage every key, a regular key only its own
 * server keys. The key service stores each change with its audit row; this adds the tier rules.
 */
export interface KeyAdmin {
  list(): Promise<ApiKeyRecord[]>;
  listServerKeys(actor: ApiKeyRecord): Promise<ApiKeyRecord[]>;
  get(actor: ApiKeyRecord, id: string): Promise<ApiKeyRecord>;
  create(actor: ApiKeyRecord, body: NewKeyBody): Promise<CreatedKey | { regularKey: CreatedKey; serverKey: CreatedKey }>;
  createServerKey(actor: ApiKeyRecord, body: NewServerKeyBody): Promise<CreatedKey>;
  setActive(actor: ApiKeyRecord, id: string, active: boolean): Promise<void>;
  remove(actor: ApiKeyRecord, id: string): Promise<void>;
}

function futureTime(value: string | null | undefined, field: string, now: Date): string | undefined {
  if (value === undefined || value === null) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badRequest(`${field} must be an ISO 8601 date-time`);
  if (time <= now.getTime()) throw badRequest(`${field} must be in the future`);
  return new Date(time).toISOString();
}

export function createKeyAdmin(keys: KeyService, clock: Clock, log: Logger): KeyAdmin {
  async function manageable(actor: ApiKeyRecord, id: string): Promise<ApiKeyRecord> {
    const target = await keys.get(id);
    if (!target) throw notFound('API Key not found');
    if (actor.keyType === 'admin') return target;
    if (target.keyType === 'server' && target.regularKeyId === actor.id) return target;
    throw forbidden('Regular Keys may only manage their own Server Keys');
  }

  return {
    list: () => keys.list(),

    listServerKeys: (actor) => keys.listServerKeys(actor.keyType === 'admin' ? undefined : actor.id),

    get: manageable,

    async create(actor, body) {
      const input = {
        name: body.name,
        description: body.description ?? undefined,
        serverId: body.server_id ?? undefined,
        expiresAt: futureTime(body.expires_at, 'expires_at', clock.now()),
      };
      if (body.key_type === 'admin') {
        const created = await keys.createAdmin(input, actor.id);
        log.info({ keyId: created.id, keyType: 'admin', actorKeyId: actor.id }, 'key created');
        return created;
      }
      const pair = await keys.createRegularWithServer(input, actor.id);
      log.info({ keyId: pair.regularKey.id, serverKeyId: pair.serverKey.id, keyType: 'regular', actorKeyId: actor.id }, 'key created');
      return pair;
    },

    async createServerKey(actor, body) {
      const created = await keys.createServerKey(
        {
          name: body.name,
          description: body.description ?? undefined,
          serverId: body.server_id ?? undefined,
          expiresAt: futureTime(body.expires_at, 'expires_at', clock.now()),
          regularKeyId: body.regular_key_id,
        },
        actor.id,
      );
      log.info({ keyId: created.id, keyType: 'server', regularKeyId: body.regular_key_id, actorKeyId: actor.id }, 'key created');
      return created;
    },

    async setActive(actor, id, active) {
      // Checked before the tier rule, so a regular key learns why, as the spec words it.
      if (!active && id === actor.id) throw badRequest('Cannot deactivate your own key.');
      await manageable(actor, id);
      await keys.setActive(id, active, actor.id);
      log.info({ keyId: id, actorKeyId: actor.id }, active ? 'key activated' : 'key deactivated');
    },

    async remove(actor, id) {
      if (id === actor.id) throw badRequest('Cannot delete your own key.');
      await manageable(actor, id);
      await keys.delete(id, actor.id);
      log.info({ keyId: id, actorKeyId: actor.id }, 'key deleted');
    },
  };
}

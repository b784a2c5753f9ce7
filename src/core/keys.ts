import type { Kysely, Selectable, Transaction } from 'kysely';
import { Channels, type Bus } from '../bus/index.js';
import { tablesOf } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { AuditInput, AuditService } from './audit.js';
import type { Clock } from './clock.js';
import { AppError, notFound } from './errors.js';
import { newId, randomToken, sha256Hex } from './ids.js';
import type { ApiKeyTable, CoreTables } from './tables.js';

export type KeyType = 'admin' | 'regular' | 'server';

export const KEY_PREFIXES: Record<KeyType, string> = {
  admin: 'mc_admin_',
  regular: 'mc_key_',
  server: 'mc_server_',
};

const RAW_KEY_PATTERN = /^mc_(admin|key|server)_[A-Za-z0-9]{32}$/;

/** A key as the API shows it: never its hash, never the raw key. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  description: string;
  keyPrefix: string;
  /** The raw key's prefix and next four characters, to tell keys apart; null for keys made before it was kept. */
  keyStart: string | null;
  keyType: KeyType;
  serverId: string | null;
  regularKeyId: string | null;
  createdAt: string;
  lastUsed: string | null;
  isActive: boolean;
  expiresAt: string | null;
}

export interface CreatedKey extends ApiKeyRecord {
  /** The raw key, returned once at creation. */
  key: string;
}

export interface NewKey {
  name: string;
  description?: string | undefined;
  serverId?: string | null | undefined;
  expiresAt?: string | null | undefined;
}

/** A key rule refused the change (own key, last admin, ...). */
export class KeyRuleError extends AppError {
  constructor(message: string) {
    super('bad_request', message, 'key_rule');
  }
}

/** The regular key whose tenant a key belongs to: itself, a server key's owner, none for admins. */
export function tenantOfKey(key: Pick<ApiKeyRecord, 'id' | 'keyType' | 'regularKeyId'>): string | null {
  if (key.keyType === 'regular') return key.id;
  if (key.keyType === 'server') return key.regularKeyId;
  return null;
}

function toRecord(row: Selectable<ApiKeyTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    keyPrefix: row.key_prefix,
    keyStart: row.key_start,
    keyType: row.key_type,
    serverId: row.server_id,
    regularKeyId: row.regular_key_id,
    createdAt: row.created_at,
    lastUsed: row.last_used,
    isActive: row.is_active === 1,
    expiresAt: row.expires_at,
  };
}

/** Four characters after the prefix: enough to tell keys apart at a glance, 24 bits of the 190. */
const KEY_START_CHARS = 4;

export function keyStartOf(raw: string): string {
  const prefix = Object.values(KEY_PREFIXES).find((p) => raw.startsWith(p)) ?? '';
  return raw.slice(0, prefix.length + KEY_START_CHARS);
}

export function isWellFormedKey(raw: string): boolean {
  return RAW_KEY_PATTERN.test(raw);
}

const CACHE_LIMIT = 50_000;
/**
 * How long a verified key is trusted without asking the database again. Revocations reach every
 * node at once over the bus; this bounds how long one missed during a bus outage can go unseen.
 */
const KEY_CACHE_TTL_MS = 10_000;
const LAST_USED_FLUSH_MS = 5_000;

export interface KeyService {
  /** The active, unexpired key for a raw key, or null. One indexed lookup, then memory. */
  verify(raw: string): Promise<ApiKeyRecord | null>;
  get(id: string): Promise<ApiKeyRecord | null>;
  list(): Promise<ApiKeyRecord[]>;
  listServerKeys(regularKeyId?: string): Promise<ApiKeyRecord[]>;
  countActiveByType(): Promise<{ total: number; admin: number; regular: number; server: number }>;
  /** The tenant (regular key id) of a key, or null for an admin or unknown key. */
  tenantOf(keyId: string): Promise<string | null>;
  /**
   * Every change below writes its audit row (module `hub`, by `actorId`) in the change's own
   * transaction. A refusal by a key rule is recorded too, with its message as the result.
   */
  createAdmin(input: NewKey, actorId?: string | null): Promise<CreatedKey>;
  /**
   * On an empty key table, creates the first admin key (from `raw` when given) with its audit row
   * in the same transaction; returns it, or undefined when an admin key already exists.
   */
  ensureInitialAdmin(raw: string | undefined): Promise<CreatedKey | undefined>;
  createRegularWithServer(input: NewKey, actorId?: string | null): Promise<{ regularKey: CreatedKey; serverKey: CreatedKey }>;
  createServerKey(input: NewKey & { regularKeyId: string }, actorId?: string | null): Promise<CreatedKey>;
  setActive(id: string, active: boolean, actorId: string): Promise<ApiKeyRecord>;
  delete(id: string, actorId: string): Promise<void>;
  /** Writes pending last-used times now (also runs on a timer). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

type KeyTrx = Transaction<CoreTables>;

/** Key changes write their audit row through `audit`, in the change's own transaction. */
export function createKeyService(database: Kysely<Database>, bus: Bus, clock: Clock, audit: AuditService): KeyService {
  const db = tablesOf<CoreTables>(database);
  const record = (trx: KeyTrx, input: Omit<AuditInput, 'module'>) => audit.record({ module: 'hub', ...input }, trx);
  /** Verified keys by hash, each with the time (monotonic ms) after which it is read again. */
  const cacheByHash = new Map<string, { record: ApiKeyRecord; until: number }>();
  const hashById = new Map<string, string>();
  /** Key id → last use in epoch ms, written by `flush`. */
  const pendingLastUsed = new Map<string, number>();

  function dropFromCache(ids: string[]) {
    for (const id of ids) {
      const hash = hashById.get(id);
      if (hash !== undefined) cacheByHash.delete(hash);
      hashById.delete(id);
    }
  }
  const unsubscribe = [
    bus.subscribe(Channels.keysInvalidated, (message) => {
      const ids = (message as { keyIds?: unknown }).keyIds;
      if (Array.isArray(ids)) dropFromCache(ids.filter((id): id is string => typeof id === 'string'));
    }),
    // Invalidations published while the bus was down never arrive: trust nothing cached before.
    bus.onReconnect(() => {
      cacheByHash.clear();
      hashById.clear();
    }),
  ];

  const timer = setInterval(() => void flush().catch(() => undefined), LAST_USED_FLUSH_MS);
  timer.unref();

  async function flush() {
    if (pendingLastUsed.size === 0) return;
    const batch = [...pendingLastUsed];
    pendingLastUsed.clear();
    await db.transaction().execute(async (trx) => {
      for (const [id, time] of batch) {
        await trx.updateTable('api_keys').set({ last_used: new Date(time).toISOString() }).where('id', '=', id).execute();
      }
    });
  }

  function expired(record: ApiKeyRecord): boolean {
    return record.expiresAt !== null && Date.parse(record.expiresAt) <= clock.now().getTime();
  }

  /**
   * Tells every node's cache and sockets. The change is committed already: a bus outage must not
   * turn it into a refusal, and the nodes that miss this drop their caches on reconnect anyway.
   */
  async function invalidate(ids: string[]) {
    if (ids.length > 0) await bus.publish(Channels.keysInvalidated, { keyIds: ids }).catch(() => undefined);
  }

  function makeRow(type: KeyType, input: NewKey, regularKeyId: string | null) {
    const raw = KEY_PREFIXES[type] + randomToken(32);
    const row: ApiKeyTable = {
      id: newId(),
      name: input.name,
      description: input.description ?? '',
      key_hash: sha256Hex(raw),
      key_prefix: KEY_PREFIXES[type],
      key_start: keyStartOf(raw),
      key_type: type,
      server_id: input.serverId ?? null,
      regular_key_id: regularKeyId,
      created_at: clock.now().toISOString(),
      last_used: null,
      is_active: 1,
      expires_at: input.expiresAt ?? null,
    };
    return { raw, row };
  }

  async function otherAdmins(trx: KeyTrx, id: string, activeOnly: boolean): Promise<number> {
    let query = trx.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('key_type', '=', 'admin').where('id', '!=', id);
    if (activeOnly) query = query.where('is_active', '=', 1);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  async function deactivationRefusal(trx: KeyTrx, row: Selectable<ApiKeyTable>, actorId: string): Promise<AppError | null> {
    if (row.id === actorId) return new KeyRuleError('Cannot deactivate your own key.');
    if (row.key_type === 'admin' && row.is_active === 1 && (await otherAdmins(trx, row.id, true)) === 0) {
      return new KeyRuleError('Cannot deactivate last active Admin Key.');
    }
    return null;
  }

  async function deletionRefusal(trx: KeyTrx, row: Selectable<ApiKeyTable>, actorId: string): Promise<AppError | null> {
    if (row.id === actorId) return new KeyRuleError('Cannot delete your own key.');
    if (row.key_type === 'admin' && (await otherAdmins(trx, row.id, false)) === 0) return new KeyRuleError('Cannot delete the last Admin Key');
    return null;
  }

  async function get(id: string) {
    const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  return {
    async verify(raw) {
      if (!isWellFormedKey(raw)) return null;
      const hash = sha256Hex(raw);
      const now = performance.now();
      const cached = cacheByHash.get(hash);
      let record = cached !== undefined && cached.until > now ? cached.record : undefined;
      if (!record) {
        if (cached !== undefined) dropFromCache([cached.record.id]);
        const row = await db
          .selectFrom('api_keys')
          .selectAll()
          .where('key_hash', '=', hash)
          .where('is_active', '=', 1)
          .executeTakeFirst();
        if (!row) return null;
        record = toRecord(row);
        if (cacheByHash.size >= CACHE_LIMIT) {
          const oldest = cacheByHash.keys().next().value;
          if (oldest !== undefined) {
            const old = cacheByHash.get(oldest);
            cacheByHash.delete(oldest);
            if (old) hashById.delete(old.record.id);
          }
        }
        cacheByHash.set(hash, { record, until: now + KEY_CACHE_TTL_MS });
        hashById.set(record.id, hash);
      }
      if (expired(record)) return null;
      pendingLastUsed.set(record.id, clock.now().getTime());
      return record;
    },

    get,

    async tenantOf(keyId) {
      const row = await db.selectFrom('api_keys').select(['id', 'key_type', 'regular_key_id']).where('id', '=', keyId).executeTakeFirst();
      return row ? tenantOfKey({ id: row.id, keyType: row.key_type, regularKeyId: row.regular_key_id }) : null;
    },

    async list() {
      const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    async listServerKeys(regularKeyId) {
      let query = db.selectFrom('api_keys').selectAll().where('key_type', '=', 'server');
      if (regularKeyId !== undefined) query = query.where('regular_key_id', '=', regularKeyId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    async countActiveByType() {
      const rows = await db
        .selectFrom('api_keys')
        .select(['key_type', 'is_active', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['key_type', 'is_active'])
        .execute();
      const out = { total: 0, admin: 0, regular: 0, server: 0 };
      for (const row of rows) {
        const n = Number(row.n);
        out.total += n;
        if (row.is_active === 1) out[row.key_type] += n;
      }
      return out;
    },

    async createAdmin(input, actorId = null) {
      const made = makeRow('admin', { ...input, serverId: null }, null);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('api_keys').values(made.row).execute();
        await record(trx, { actorKeyId: actorId, action: 'key.create', target: made.row.id, detail: { keyType: 'admin', name: input.name } });
      });
      return { ...toRecord(made.row), key: made.raw };
    },

    async ensureInitialAdmin(raw) {
      const made = makeRow('admin', { name: 'Initial Admin Key', description: 'Created on first start' }, null);
      if (raw !== undefined) {
        made.raw = raw;
        made.row.key_hash = sha256Hex(raw);
        made.row.key_start = keyStartOf(raw);
      }
      const created = await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('api_keys').select('id').where('key_type', '=', 'admin').limit(1).executeTakeFirst();
        if (existing) return false;
        await trx.insertInto('api_keys').values(made.row).execute();
        await record(trx, { actorKeyId: null, action: 'key.create', target: made.row.id, detail: { keyType: 'admin', initial: true } });
        return true;
      });
      return created ? { ...toRecord(made.row), key: made.raw } : undefined;
    },

    async createRegularWithServer(input, actorId = null) {
      const regular = makeRow('regular', input, null);
      const server = makeRow(
        'server',
        {
          name: `${input.name} - Server Key`,
          description: `Server Key for ${input.name}`,
          serverId: input.serverId ?? null,
          expiresAt: input.expiresAt ?? null,
        },
        regular.row.id,
      );
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('api_keys').values(regular.row).execute();
        await trx.insertInto('api_keys').values(server.row).execute();
        await record(trx, {
          actorKeyId: actorId, action: 'key.create', target: regular.row.id,
          detail: { keyType: 'regular', name: input.name, serverId: input.serverId ?? null, serverKeyId: server.row.id },
        });
      });
      return {
        regularKey: { ...toRecord(regular.row), key: regular.raw },
        serverKey: { ...toRecord(server.row), key: server.raw },
      };
    },

    async createServerKey(input, actorId = null) {
      const made = makeRow('server', input, input.regularKeyId);
      const inserted = await db.transaction().execute(async (trx) => {
        const owner = await trx
          .selectFrom('api_keys')
          .select('id')
          .where('id', '=', input.regularKeyId)
          .where('key_type', '=', 'regular')
          .executeTakeFirst();
        if (!owner) return false;
        await trx.insertInto('api_keys').values(made.row).execute();
        await record(trx, {
          actorKeyId: actorId, action: 'key.create', target: made.row.id,
          detail: { keyType: 'server', name: input.name, regularKeyId: input.regularKeyId },
        });
        return true;
      });
      if (!inserted) throw notFound('Invalid Regular Key ID');
      return { ...toRecord(made.row), key: made.raw };
    },

    async setActive(id, active, actorId) {
      const action = active ? 'key.activate' : 'key.deactivate';
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        const refusal = !row ? notFound('API Key not found') : active ? null : await deactivationRefusal(trx, row, actorId);
        await record(trx, { actorKeyId: actorId, action, target: id, result: refusal?.message ?? 'ok' });
        if (!row || refusal) return { refusal: refusal ?? notFound('API Key not found') };
        await trx.updateTable('api_keys').set({ is_active: active ? 1 : 0 }).where('id', '=', id).execute();
        return { updated: toRecord({ ...row, is_active: active ? 1 : 0 }) };
      });
      if ('refusal' in outcome) throw outcome.refusal;
      if (!active) await invalidate([id]);
      return outcome.updated;
    },

    async delete(id, actorId) {
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        const refusal = !row ? notFound('API Key not found') : await deletionRefusal(trx, row, actorId);
        await record(trx, { actorKeyId: actorId, action: 'key.delete', target: id, result: refusal?.message ?? 'ok' });
        if (refusal) return { refusal };
        const children = await trx.selectFrom('api_keys').select('id').where('regular_key_id', '=', id).execute();
        // The foreign key cascades too; deleting explicitly keeps the rule visible and dialect-proof.
        await trx.deleteFrom('api_keys').where('regular_key_id', '=', id).execute();
        await trx.deleteFrom('api_keys').where('id', '=', id).execute();
        return { removed: [id, ...children.map((c) => c.id)] };
      });
      if ('refusal' in outcome) throw outcome.refusal;
      for (const removedId of outcome.removed) pendingLastUsed.delete(removedId);
      await invalidate(outcome.removed);
    },

    flush,

    async close() {
      clearInterval(timer);
      for (const off of unsubscribe) off();
      await flush();
    },
  };
}

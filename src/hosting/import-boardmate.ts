import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Type, { type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { AuditService } from '../core/audit.js';
import { API_LOG_IMPORTED } from './api-log.js';
import { AUDIT_MODULE, type HostingDb } from './deps.js';
import { describeProblem } from './problems.js';
import { MAX_AMOUNT } from './wire.js';

/*
 * `interconnect import-boardmate <folder>`: reads BoardMate's Flask-era `data/` folder
 * (`user.json`, `code.json`, `api.json`, research 1.3). Every file is parsed and validated before
 * anything is written, and the writes (users, codes with their redeemers, the API log with its
 * original times) happen in one transaction: a malformed file is refused whole.
 */

const Amount = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT });

const UserFile = Type.Record(
  Type.String({ pattern: '^[0-9]{1,25}$' }),
  Type.Object({
    id: Type.Integer({ minimum: 1 }),
    money: Amount,
    resource: Type.Object({ memory: Amount, disk: Amount, cpu: Amount, servers: Amount }),
  }),
  { additionalProperties: false },
);

const CodeFile = Type.Record(
  Type.String({ minLength: 1, maxLength: 200 }),
  Type.Object({ user: Type.Array(Type.String({ pattern: '^[0-9]{1,25}$' })), use: Amount, money: Amount }),
);

const ApiFile = Type.Object({
  key: Type.Optional(Type.String()),
  log: Type.Array(Type.Object({ time: Type.Integer({ minimum: 0 }), message: Type.String() })),
});

export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportSummary {
  users: number;
  codes: number;
  redemptions: number;
  logEntries: number;
  /** The API key found in api.json, so the operator can keep existing bots working with HOSTING_API_KEY. */
  apiKey: string | null;
  skipped: string[];
}

function readJson<T extends TSchema>(folder: string, file: string, schema: T): Static<T> | null {
  const path = join(folder, file);
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ImportError(`${file}: not valid JSON (${(err as Error).message}); nothing was imported`);
  }
  if (!Value.Check(schema, json)) {
    throw new ImportError(`${file}: ${describeProblem(Value.Errors(schema, json), 'is not a Discord user id')}; nothing was imported`);
  }
  return json;
}

export async function importBoardMate(db: Kysely<HostingDb>, audit: AuditService, folder: string): Promise<ImportSummary> {
  if (!existsSync(folder)) throw new ImportError(`${folder}: no such folder`);
  const users = readJson(folder, 'user.json', UserFile);
  const codes = readJson(folder, 'code.json', CodeFile);
  const api = readJson(folder, 'api.json', ApiFile);
  if (!users && !codes && !api) throw new ImportError(`${folder}: no user.json, code.json or api.json found`);
  for (const [code, entry] of Object.entries(codes ?? {})) {
    if (entry.user.length > entry.use) {
      throw new ImportError(`code.json: ${code} lists ${entry.user.length} redeemers but allows only ${entry.use}; nothing was imported`);
    }
    if (new Set(entry.user).size !== entry.user.length) {
      throw new ImportError(`code.json: ${code}.user lists a redeemer twice; nothing was imported`);
    }
  }

  const now = new Date().toISOString();
  let redemptions = 0;
  await db.transaction().execute(async (trx) => {
    for (const [discordId, u] of Object.entries(users ?? {})) {
      const values = { ptero_user_id: u.id, money: u.money, ...u.resource, updated_at: now };
      await trx
        .insertInto('hosting_users')
        .values({ discord_id: discordId, email: null, username: null, lock_until: null, created_at: now, ...values })
        .onConflict((oc) => oc.column('discord_id').doUpdateSet(values))
        .execute();
    }
    for (const [code, entry] of Object.entries(codes ?? {})) {
      await trx.deleteFrom('hosting_redemptions').where('code', '=', code).execute();
      const values = { uses: entry.use, money: entry.money, used: entry.user.length };
      await trx
        .insertInto('hosting_codes')
        .values({ code, created_at: now, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .execute();
      for (const discordId of entry.user) {
        await trx.insertInto('hosting_redemptions').values({ code, discord_id: discordId, redeemed_at: now }).execute();
        redemptions += 1;
      }
    }
    // In this transaction and at each entry's original time.
    for (const entry of api?.log ?? []) {
      await audit.record(
        { module: AUDIT_MODULE, actorKeyId: null, action: API_LOG_IMPORTED, message: entry.message, result: 'ok', time: new Date(entry.time * 1000) },
        trx,
      );
    }
  });
  return {
    users: Object.keys(users ?? {}).length,
    codes: Object.keys(codes ?? {}).length,
    redemptions,
    logEntries: api?.log.length ?? 0,
    apiKey: api?.key ?? null,
    skipped: ['user.json', 'code.json', 'api.json'].filter((f) => !existsSync(join(folder, f))),
  };
}

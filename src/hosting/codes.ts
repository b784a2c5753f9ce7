import { sql } from 'kysely';
import { AppError } from '../core/errors.js';
import { AUDIT_MODULE, type HostingDeps } from './deps.js';
import { unknownUser } from './errors.js';
import type { CodeList, CodeView } from './wire.js';

export async function listCodes(deps: HostingDeps): Promise<CodeList> {
  const codes = await deps.db.selectFrom('hosting_codes').select(['code', 'uses', 'money']).orderBy('created_at').orderBy('code').execute();
  const redemptions = await deps.db.selectFrom('hosting_redemptions').select(['code', 'discord_id']).orderBy('id').execute();
  const out: CodeList = {};
  for (const c of codes) out[c.code] = { money: c.money, use: c.uses, user: [] };
  for (const r of redemptions) out[r.code]?.user.push(r.discord_id);
  return out;
}

/**
 * Creates or replaces a code; replacing resets who redeemed it, as BoardMate's `POST /api/code`
 * does. The API log line commits with the change.
 */
export async function putCode(deps: HostingDeps, actorKeyId: string | null, code: string, uses: number, money: number): Promise<CodeView> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('hosting_redemptions').where('code', '=', code).execute();
    await trx
      .insertInto('hosting_codes')
      .values({ code, uses, money, used: 0, created_at: deps.clock.now().toISOString() })
      .onConflict((oc) => oc.column('code').doUpdateSet({ uses, money, used: 0 }))
      .execute();
    await deps.audit.record(
      { module: AUDIT_MODULE, actorKeyId, action: 'api.code.put', target: code, message: `新增/編輯代碼 ${code} 可使用${uses}次 可獲得${money}$`, result: 'ok' },
      trx,
    );
  });
  return { money, use: uses, user: [] };
}

export async function deleteCode(deps: HostingDeps, actorKeyId: string | null, code: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('hosting_redemptions').where('code', '=', code).execute();
    const res = await trx.deleteFrom('hosting_codes').where('code', '=', code).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw new AppError('not_found', '未找到此代碼', 'unknown_code');
    await deps.audit.record({ module: AUDIT_MODULE, actorKeyId, action: 'api.code.delete', target: code, message: `刪除代碼 ${code}`, result: 'ok' }, trx);
  });
}

export interface Redemption {
  money: number;
  reward: number;
  used: number;
  uses: number;
}

const alreadyRedeemed = () => new AppError('conflict', '你已經兌換過 (you have already redeemed this code)', 'already_redeemed');

/**
 * Redeems a code for a user in one transaction. The cap is enforced by a conditional
 * `UPDATE ... SET used = used + 1 WHERE used < uses`, and "once per user" by the unique
 * (code, discord_id) pair, so the outcome is right under concurrency on SQLite and PostgreSQL alike.
 */
export async function redeemCode(deps: HostingDeps, discordId: string, rawCode: string): Promise<Redemption> {
  const code = rawCode.trim();
  return deps.db.transaction().execute(async (trx) => {
    const entry = await trx.selectFrom('hosting_codes').selectAll().where('code', '=', code).executeTakeFirst();
    if (!entry) throw new AppError('not_found', '錯誤的代碼 (unknown code)', 'unknown_code');
    const already = await trx
      .selectFrom('hosting_redemptions')
      .select('id')
      .where('code', '=', code)
      .where('discord_id', '=', discordId)
      .executeTakeFirst();
    if (already) throw alreadyRedeemed();
    const claimed = await trx
      .updateTable('hosting_codes')
      .set({ used: sql<number>`used + 1` })
      .where('code', '=', code)
      .whereRef('used', '<', 'uses')
      .returning(['used', 'uses'])
      .executeTakeFirst();
    if (!claimed) throw new AppError('conflict', '代碼已被使用完畢 (this code is used up)', 'code_used_up');
    const now = deps.clock.now().toISOString();
    const inserted = await trx
      .insertInto('hosting_redemptions')
      .values({ code, discord_id: discordId, redeemed_at: now })
      .onConflict((oc) => oc.columns(['code', 'discord_id']).doNothing())
      .executeTakeFirst();
    // A concurrent redemption by the same user won the unique pair; roll back our claim on the cap.
    if (inserted.numInsertedOrUpdatedRows === 0n) throw alreadyRedeemed();
    const user = await trx
      .updateTable('hosting_users')
      .set({ money: sql<number>`money + ${entry.money}`, updated_at: now })
      .where('discord_id', '=', discordId)
      .returning('money')
      .executeTakeFirst();
    if (!user) throw unknownUser();
    await deps.audit.record(
      {
        module: AUDIT_MODULE,
        actorKeyId: null,
        action: 'panel.redeem',
        target: discordId,
        message: `兌換代碼 ${code} (+${entry.money}$, 已使用 ${claimed.used}/${claimed.uses})`,
        detail: { code, reward: entry.money, money: user.money },
        result: 'ok',
      },
      trx,
    );
    return { money: user.money, reward: entry.money, used: claimed.used, uses: claimed.uses };
  });
}

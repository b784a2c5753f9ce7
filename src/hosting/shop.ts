import { sql } from 'kysely';
import { AppError } from '../core/errors.js';
import { AUDIT_MODULE, type HostingDeps } from './deps.js';
import { notConfigured, unknownUser } from './errors.js';
import { SHOP_ITEMS } from './settings.js';
import type { ShopItem } from './wire.js';

export interface Purchase {
  item: ShopItem;
  amount: number;
  price: number;
  money: number;
}

export function isShopItem(item: string): item is ShopItem {
  return (SHOP_ITEMS as readonly string[]).includes(item);
}

/**
 * Buys `amount` of a resource at the configured price. Price check, deduction and the resource
 * increase are one conditional UPDATE (`WHERE money >= price`), so concurrent purchases can never
 * drive money below zero and a refused purchase changes nothing; the audit row commits with it.
 */
export async function purchase(deps: HostingDeps, discordId: string, item: string, amount: number): Promise<Purchase> {
  if (!deps.settings) throw notConfigured();
  if (!isShopItem(item)) throw new AppError('bad_request', `商店沒有這個商品: ${item} (unknown item)`, 'unknown_item');
  const price = deps.settings.shop[item][String(amount)];
  if (price === undefined) {
    const offered = Object.keys(deps.settings.shop[item]).join(', ') || 'none';
    throw new AppError('bad_request', `商店沒有這個數量: ${item} ${amount} (offered amounts: ${offered})`, 'unknown_amount');
  }
  const now = deps.clock.now().toISOString();
  const money = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('hosting_users')
      .set({
        money: sql<number>`money - ${price}`,
        [item]: sql<number>`${sql.ref(item)} + ${amount}`,
        updated_at: now,
      })
      .where('discord_id', '=', discordId)
      .where('money', '>=', price)
      .returning('money')
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('hosting_users').select('money').where('discord_id', '=', discordId).executeTakeFirst();
      if (!exists) throw unknownUser();
      throw new AppError('payment_required', `你沒有足夠的錢錢 (price ${price}, you have ${exists.money})`, 'not_enough_money');
    }
    await deps.audit.record(
      {
        module: AUDIT_MODULE,
        actorKeyId: null,
        action: 'panel.shop',
        target: discordId,
        message: `商店購買 ${item} +${amount} (${price}$)`,
        detail: { item, amount, price, money: row.money },
        result: 'ok',
      },
      trx,
    );
    return row.money;
  });
  deps.notifier.notify('商店購買', `<@${discordId}> bought ${item} +${amount} for ${price}$ (money left ${money})`);
  return { item, amount, price, money };
}

import { sql } from 'kysely';
import type { HostingDeps } from './deps.js';
import { HostingError, notConfigured } from './errors.js';
import { SHOP_ITEMS, type ShopItem } from './settings.js';

export interface PurchaseResult {
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
 * drive money below zero and a refused purchase changes nothing.
 */
export async function purchase(deps: HostingDeps, discordId: string, item: string, amount: number): Promise<PurchaseResult> {
  if (!deps.settings) throw notConfigured();
  if (!isShopItem(item)) throw new HostingError(400, `商店沒有這個商品: ${item} (unknown item)`, 'unknown_item');
  const price = deps.settings.shop[item][String(amount)];
  if (price === undefined) {
    const offered = Object.keys(deps.settings.shop[item]).join(', ') || 'none';
    throw new HostingError(400, `商店沒有這個數量: ${item} ${amount} (offered amounts: ${offered})`, 'unknown_amount');
  }
  const now = deps.clock.now().toISOString();
  const row = await deps.db.transaction().execute(async (trx) =>
    trx
      .updateTable('hosting_users')
      .set({
        money: sql<number>`money - ${price}`,
        [item]: sql<number>`${sql.ref(item)} + ${amount}`,
        updated_at: now,
      })
      .where('discord_id', '=', discordId)
      .where('money', '>=', price)
      .returning('money')
      .executeTakeFirst(),
  );
  if (!row) {
    const exists = await deps.db.selectFrom('hosting_users').select('money').where('discord_id', '=', discordId).executeTakeFirst();
    if (!exists) throw new HostingError(404, '未找到此用戶', 'unknown_user');
    throw new HostingError(402, `你沒有足夠的錢錢 (price ${price}, you have ${exists.money})`, 'not_enough_money');
  }
  deps.notifier.notify('商店購買', `<@${discordId}> bought ${item} +${amount} for ${price}$ (money left ${row.money})`);
  return { item, amount, price, money: row.money };
}

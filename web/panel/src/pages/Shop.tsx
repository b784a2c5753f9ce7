import { useI18n } from '../../../shared/i18n/preact.js';
import type { Me, PurchaseResult, ShopBody } from '../api.js';
import { request } from '../request.js';
import { OutcomeView, useAction } from '../useAction.js';
import { resourceFormat } from '../units.js';

const ITEMS = ['cpu', 'memory', 'disk', 'servers'] as const;

export function Shop({ me, onChange }: { me: Me; onChange: () => Promise<void> }) {
  const { t, fmt } = useI18n();
  const format = resourceFormat(fmt);
  const { busy, result, run } = useAction();
  const buy = (item: keyof Me['shop'], amount: number) =>
    run(async () => {
      const out = await request<PurchaseResult>('POST', 'shop', { item, amount } satisfies ShopBody);
      await onChange();
      return (tr) => tr('shop.done', { item: tr(`resource.${item}`), amount: format[item](amount), price: out.price, money: out.money });
    });
  return (
    <section>
      <h2>{t('nav.shop')}</h2>
      <p>
        {t('shop.youHave')} <b>{fmt.number(me.money)}</b>$
      </p>
      <OutcomeView result={result} busy={busy} />
      {ITEMS.map((item) => {
        const prices = Object.entries(me.shop[item]);
        if (prices.length === 0) return null;
        return (
          <div class="shop" key={item}>
            <h3>{t(`resource.${item}`)}</h3>
            {prices.map(([amount, price]) => (
              <button key={amount} disabled={busy} aria-busy={busy} data-item={item} data-amount={amount} onClick={() => void buy(item, Number(amount))}>
                {t('shop.offer', { amount: format[item](Number(amount)), price: fmt.number(price) })}
              </button>
            ))}
          </div>
        );
      })}
    </section>
  );
}

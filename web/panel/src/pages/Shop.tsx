import { call, type Me, type PurchaseResult, type ShopBody } from '../api.js';
import { Outcome, useAction } from '../useAction.js';

const LABELS: Record<keyof Me['shop'], [string, string]> = {
  cpu: ['CPU', '%'],
  memory: ['記憶體 Memory', 'MB'],
  disk: ['空間 Disk', 'MB'],
  servers: ['伺服器數量 Servers', ''],
};

export function Shop({ me, onChange }: { me: Me; onChange: () => Promise<void> }) {
  const { busy, result, run } = useAction();
  const buy = (item: keyof Me['shop'], amount: number) =>
    run(async () => {
      const out = await call<PurchaseResult>('POST', 'shop', { item, amount } satisfies ShopBody);
      await onChange();
      return out.message;
    });
  return (
    <section>
      <h2>商店 Shop</h2>
      <p>
        你有 You have <b>{me.money}</b>$
      </p>
      <Outcome result={result} />
      {(Object.keys(LABELS) as (keyof Me['shop'])[]).map((item) => {
        const prices = Object.entries(me.shop[item]);
        if (prices.length === 0) return null;
        const [label, unit] = LABELS[item];
        return (
          <div class="shop" key={item}>
            <h3>{label}</h3>
            {prices.map(([amount, price]) => (
              <button key={amount} disabled={busy} data-item={item} data-amount={amount} onClick={() => void buy(item, Number(amount))}>
                +{amount}
                {unit} — {price}$
              </button>
            ))}
          </div>
        );
      })}
    </section>
  );
}

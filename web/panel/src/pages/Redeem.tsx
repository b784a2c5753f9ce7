import { useState } from 'preact/hooks';
import { call, type RedeemBody, type RedeemResult } from '../api.js';
import { Outcome, useAction } from '../useAction.js';

export function Redeem({ onChange }: { onChange: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const { busy, result, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const out = await call<RedeemResult>('POST', 'redeem', { code } satisfies RedeemBody);
      await onChange();
      return out.message;
    });
  };
  return (
    <section>
      <h2>兌換代碼 Redeem a code</h2>
      <form onSubmit={submit}>
        <input name="code" required placeholder="CODE" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          兌換 Redeem
        </button>
      </form>
      <Outcome result={result} />
    </section>
  );
}

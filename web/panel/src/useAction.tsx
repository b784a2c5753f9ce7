import { useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../shared/i18n/preact.js';
import { describeRefusal } from './refusals.js';

/** An outcome worded at render, so it follows a language switch. */
type Outcome = { ok: true; say: (t: Translate) => string } | { ok: false; err: unknown };

/** Runs one panel action, keeping its outcome (what it did, or why the service refused) for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Outcome | null>(null);
  async function run(work: () => Promise<(t: Translate) => string>): Promise<void> {
    setBusy(true);
    try {
      const say = await work();
      setResult({ ok: true, say });
    } catch (err) {
      setResult({ ok: false, err });
    } finally {
      setBusy(false);
    }
  }
  return { busy, result, run };
}

export function OutcomeView({ result }: { result: Outcome | null }) {
  const { t } = useI18n();
  if (!result) return null;
  return (
    <p class={result.ok ? 'ok' : 'error'} role="status" id="outcome">
      {result.ok ? result.say(t) : describeRefusal(result.err, t)}
    </p>
  );
}

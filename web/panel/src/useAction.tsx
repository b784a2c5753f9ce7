import { useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../shared/i18n/preact.js';
import { describeRefusal } from './refusals.js';

/** An outcome worded at render, so it follows a language switch. */
type Outcome = { ok: true; say: (t: Translate) => string } | { ok: false; err: unknown };

/**
 * Runs one panel action, keeping its outcome (what it did, or why the service refused) for display.
 * While it runs, `busy` is true and a second start is ignored: the ref guards the moment between a
 * double click and the re-render that disables the button.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const [result, setResult] = useState<Outcome | null>(null);
  async function run(work: () => Promise<(t: Translate) => string>): Promise<void> {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setResult(null);
    try {
      const say = await work();
      setResult({ ok: true, say });
    } catch (err) {
      setResult({ ok: false, err });
    } finally {
      running.current = false;
      setBusy(false);
    }
  }
  return { busy, result, run };
}

/** What an action shows while it runs, and then its outcome. */
export function OutcomeView({ result, busy = false }: { result: Outcome | null; busy?: boolean }) {
  const { t } = useI18n();
  if (busy) {
    return (
      <p class="progress" role="status" aria-live="polite" data-busy="true">
        <progress aria-label={t('progress.working')} /> {t('progress.working')}
      </p>
    );
  }
  if (!result) return null;
  return (
    <p class={result.ok ? 'ok' : 'error'} role="status" id="outcome">
      {result.ok ? result.say(t) : describeRefusal(result.err, t)}
    </p>
  );
}

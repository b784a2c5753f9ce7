import { useState } from 'preact/hooks';

/** Runs one panel action, keeping its outcome message (success or the server's reason) for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function run(work: () => Promise<string>): Promise<void> {
    setBusy(true);
    try {
      setResult({ ok: true, text: await work() });
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return { busy, result, run };
}

export function Outcome({ result }: { result: { ok: boolean; text: string } | null }) {
  if (!result) return null;
  return (
    <p class={result.ok ? 'ok' : 'error'} role="status" id="outcome">
      {result.text}
    </p>
  );
}

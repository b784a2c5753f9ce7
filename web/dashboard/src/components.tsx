import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n/preact';
import { useBusy } from './hooks';

/** role=alert for failures so screen readers announce them; role=status for the rest. */
export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** A read-only field with a copy button; falls back to selecting the text where the clipboard API is unavailable (plain http). */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      input.current?.select();
      setState('select');
    }
  };
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="row">
        <input id={id} ref={input} class="mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          {t('copy.copy')}
        </button>
      </div>
      {state === 'copied' && <span class="hint" role="status">{t('copy.copied')}</span>}
      {state === 'select' && <span class="hint" role="status">{t('copy.selected')}</span>}
    </div>
  );
}

/** A destructive action that asks once more in place, instead of a blocking window.confirm. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const confirming = useBusy();
  const busy = confirming.running !== null;
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Keyboard users land on the confirmation when it opens and back on the trigger when it closes.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button ref={triggerRef} type="button" class="danger" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      class="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <span>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        class="danger"
        disabled={busy}
        aria-busy={busy}
        onClick={() =>
          void confirming.run('confirm', async () => {
            try {
              await onConfirm();
            } finally {
              setAsking(false);
            }
          })
        }
      >
        {busy && <Spinner />}
        {busy ? t('progress.working') : confirmLabel}
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        {t('confirm.cancel')}
      </button>
    </span>
  );
}

export function Field({ label, id, children, hint }: { label: string; id: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint !== undefined && <span class="hint">{hint}</span>}
    </div>
  );
}

/* Progress for long actions: a button that shows it is working, and a bar for measurable work. */

function Spinner() {
  return <span class="spinner" aria-hidden="true" />;
}

/**
 * A button for an action that may take a while: while `busy` it is disabled, says so (`aria-busy`
 * and `busyLabel`, "Working…" by default) and shows a spinner, so it cannot be pressed twice.
 */
export function BusyButton({
  busy,
  busyLabel,
  children,
  type = 'button',
  id,
  class: className,
  disabled,
  onClick,
}: {
  busy: boolean;
  busyLabel?: string;
  children: ComponentChildren;
  type?: 'button' | 'submit';
  id?: string;
  class?: string;
  disabled?: boolean;
  onClick?: () => void;
}) {
  const { t } = useI18n();
  return (
    <button type={type} id={id} class={className} disabled={busy || disabled} aria-busy={busy} onClick={onClick}>
      {busy && <Spinner />}
      {busy ? (busyLabel ?? t('progress.working')) : children}
    </button>
  );
}

/**
 * A progress bar with its phase in words. Without `value` the bar is indeterminate (the work has
 * no measure, like the service processing an upload). Only the phase is a live region: the bar's
 * value is read on demand, so screen readers are not flooded with percentages.
 */
export function Progress({ id, phase, value, max, detail }: { id?: string; phase: string; value?: number; max?: number; detail?: string }) {
  return (
    <div class="progress" id={id}>
      <span class="progress-phase" role="status" aria-live="polite">
        {phase}
      </span>
      <progress value={value} max={max} aria-label={phase} />
      {detail !== undefined && <span class="progress-detail hint">{detail}</span>}
    </div>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../../shared/i18n/preact';
import { ApiError, type Api } from '../api';
import { ConfirmButton, Notice } from '../components';
import { powerFits } from '../../../../src/hub/power-rule.js';
import { describeError } from '../errors';
import type { PowerAction, PowerResponse, ServerInfo } from '../types';

const POWER_ACTIONS: PowerAction[] = ['start', 'stop', 'restart', 'kill'];


/** The state an action ends in. */
const TARGET: Record<PowerAction, string> = { start: 'running', restart: 'running', stop: 'stopped', kill: 'stopped' };
/** After this, a change the polls missed (a restart quicker than a poll) no longer holds the buttons. */
const SETTLE_MS = 30_000;

type Outcome =
  | { kind: 'sent'; action: PowerAction }
  | { kind: 'done'; action: PowerAction; state: string }
  | { kind: 'failed'; action: PowerAction; err: unknown };

function failure(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.status === 409) return t('power.refused', { reason: err.message });
    if (err.status === 503) return t('power.notDelivered', { reason: err.message });
    if (err.status === 504) return t('power.noAnswer', { reason: err.message });
  }
  return describeError(err, t);
}

/**
 * Start/stop/restart/kill for a server an agent wraps. Each asks first; all are held while one
 * runs, until the reported state shows the action's end (the parent polls faster meanwhile).
 */
export function PowerControls({ api, info, onActive }: { api: Api; info: ServerInfo; onActive: (active: boolean) => void }) {
  const { t } = useI18n();
  const [running, setRunning] = useState<{ action: PowerAction; since: number; left: boolean } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const state = info.state;
  const runningRef = useRef(running);
  runningRef.current = running;

  useEffect(() => onActive(running !== null), [running !== null]);

  // Each new report: a restart must first be seen leaving `running`, then back in it.
  useEffect(() => {
    const current = runningRef.current;
    if (current === null || state === null) return;
    const left = current.left || state !== 'running';
    const reached = state === TARGET[current.action] && (current.action !== 'restart' || left);
    if (reached || Date.now() - current.since > SETTLE_MS) {
      setRunning(null);
      setOutcome({ kind: 'done', action: current.action, state });
    } else if (left !== current.left) {
      setRunning({ ...current, left });
    }
  }, [info]);

  const run = async (action: PowerAction) => {
    if (runningRef.current !== null) return;
    const started = { action, since: Date.now(), left: false };
    runningRef.current = started;
    setRunning(started);
    setOutcome(undefined);
    try {
      await api.request<PowerResponse>('POST', '/api/server/power', { json: { server_id: info.server_id, action } });
      // A poll may already have shown the end state; then that outcome stands.
      if (runningRef.current?.since === started.since) setOutcome({ kind: 'sent', action });
    } catch (err) {
      setRunning(null);
      setOutcome({ kind: 'failed', action, err });
    }
  };

  const busy = running !== null;
  return (
    <section class="card power" aria-labelledby="power-title">
      <h2 id="power-title">{t('power.title')}</h2>
      <p>
        {t('power.current')}{' '}
        <span id="power-state" class={`pill ${state === 'running' ? 'on' : 'off'}`} role="status">
          {state === null ? t(`servers.state.${info.status}`) : t(`power.state.${state}`, { defaultValue: state })}
        </span>
      </p>
      <div class="power-buttons" role="group" aria-label={t('power.title')} aria-busy={busy}>
        {POWER_ACTIONS.map((action) => (
          <ConfirmButton
            key={action}
            label={running?.action === action ? t(`power.running.${action}`) : t(`power.action.${action}`)}
            question={t(`power.question.${action}`, { server: info.server_id })}
            confirmLabel={t(`power.confirm.${action}`)}
            disabled={busy || !powerFits(action, state)}
            onConfirm={() => run(action)}
          />
        ))}
      </div>
      <div id="power-result" aria-live="polite">
        {outcome?.kind === 'sent' && <Notice kind="info">{t(`power.sent.${outcome.action}`)}</Notice>}
        {outcome?.kind === 'done' && <Notice kind="ok">{t('power.done', { state: t(`power.state.${outcome.state}`, { defaultValue: outcome.state }) })}</Notice>}
        {outcome?.kind === 'failed' && <Notice kind="error">{failure(outcome.err, t)}</Notice>}
      </div>
    </section>
  );
}

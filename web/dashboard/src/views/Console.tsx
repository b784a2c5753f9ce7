import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../../shared/i18n/preact';
import { ansiSegments, type AnsiSegment } from '../ansi';
import { ApiError, type Api } from '../api';
import type { ViewProps } from '../App';
import { Notice } from '../components';
import { MAX_ENTRIES, useConsoleStream, type CommandOutcome, type ConsoleEntry, type StreamProblem } from '../console-stream';
import { describeError } from '../errors';
import { useLoad } from '../hooks';
import { BASE, navigate } from '../router';
import type { Session } from '../session';
import type { CommandResponse, ServerInfo } from '../types';
import { PowerControls } from './PowerControls';

/** Commands remembered for ↑/↓, per view. */
const HISTORY_SIZE = 100;

/** Parsed once per line: a render of the whole log must not parse a thousand lines again. */
const parsed = new Map<string, AnsiSegment[]>();
function segmentsOf(text: string): AnsiSegment[] {
  let segments = parsed.get(text);
  if (segments === undefined) {
    segments = ansiSegments(text);
    if (parsed.size >= 2 * MAX_ENTRIES) parsed.delete(parsed.keys().next().value ?? '');
    parsed.set(text, segments);
  }
  return segments;
}

/** A console line as coloured spans; every piece of it is a text node, whatever it contains. */
function AnsiText({ text }: { text: string }) {
  return (
    <>
      {segmentsOf(text).map((s, i) => (
        <span key={i} class={s.classes === '' ? undefined : s.classes} style={s.color || s.background ? { color: s.color, backgroundColor: s.background } : undefined}>
          {s.text}
        </span>
      ))}
    </>
  );
}

function outcomeOf(err: unknown): CommandOutcome {
  if (err instanceof ApiError) {
    if (err.status === 403) return 'refused';
    if (err.status === 503) return 'undelivered';
    if (err.status === 504) return 'timeout';
  }
  return 'error';
}

function problemText(problem: StreamProblem, t: Translate): string {
  if (problem.kind === 'refused') return t('console.cannotRead', { reason: problem.detail });
  if (problem.kind === 'closed') return t('console.closed', { reason: problem.reason || t('console.closedDefault') });
  return t('console.historyFailed', { reason: describeError(problem.err, t) });
}

/**
 * Whether a key may run commands and power actions here, as the hub decides (hub/ownership.ts):
 * an admin key on any server, a regular key on its own only, which is exactly the servers whose
 * console the hub let it subscribe to.
 */
function mayOperate(session: Session, subscribed: boolean): boolean {
  return session.tier === 'admin' || subscribed;
}

function Entry({ entry, t }: { entry: ConsoleEntry; t: Translate }) {
  if (entry.kind === 'line') {
    return (
      <li class="console-line">
        <AnsiText text={entry.text} />
      </li>
    );
  }
  return (
    <li class={`console-command outcome-${entry.outcome}`}>
      <div class="console-typed">
        <span aria-hidden="true">› </span>
        <span class="visually-hidden">{t('console.typed')} </span>
        {entry.command}
      </div>
      {entry.outcome !== 'pending' && entry.output !== '' && (
        <div class="console-output">
          <AnsiText text={entry.output} />
        </div>
      )}
      <div class="console-outcome">{t(`console.outcome.${entry.outcome}`)}</div>
    </li>
  );
}

/** One server's console: stored lines, then the live stream, a command line with history, and power buttons for wrapped servers. */
export function ConsoleView({ api, session, serverId }: ViewProps & { serverId: string }) {
  const { t } = useI18n();
  const stream = useConsoleStream(api, serverId);
  const [powerActive, setPowerActive] = useState(false);
  // The list (not `/api/server/info`): a regular key's info call answers for its own server whatever is named.
  const servers = useLoad<ServerInfo[]>((signal) => api.get('/api/servers', undefined, signal), [api], powerActive ? 1000 : 5000);
  const info = servers.data?.find((s) => s.server_id === serverId);
  const operate = mayOperate(session, stream.subscribed);

  const [paused, setPaused] = useState<ConsoleEntry[] | null>(null);
  const shown = paused ?? stream.entries;
  const lastShown = shown[shown.length - 1]?.n ?? 0;
  const newCount = paused === null ? 0 : stream.entries.filter((e) => e.n > lastShown).length;

  const [command, setCommand] = useState('');
  const [sending, setSending] = useState(false);
  const [announce, setAnnounce] = useState('');
  const history = useRef<string[]>([]);
  const recall = useRef<{ index: number; draft: string } | null>(null);
  const log = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    if (paused === null && log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [stream.entries, paused]);

  const send = async (e: Event) => {
    e.preventDefault();
    const text = command.trim();
    if (text === '' || sending) return;
    if (history.current[history.current.length - 1] !== text) history.current = [...history.current, text].slice(-HISTORY_SIZE);
    recall.current = null;
    setCommand('');
    setPaused(null);
    setSending(true);
    const n = stream.addCommand(text);
    try {
      const res = await api.request<CommandResponse>('POST', '/api/server/command', { json: { command: text, server_id: serverId } });
      const outcome = res.result.success ? 'ok' : 'failed';
      stream.settleCommand(n, outcome, res.result.output);
      setAnnounce(t('console.result', { command: text, outcome: t(`console.outcome.${outcome}`), output: res.result.output || t('console.noOutput') }));
    } catch (err) {
      const outcome = outcomeOf(err);
      const reason = describeError(err, t);
      stream.settleCommand(n, outcome, reason);
      setAnnounce(t('console.result', { command: text, outcome: t(`console.outcome.${outcome}`), output: reason }));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const past = history.current;
    if (e.key === 'ArrowUp') {
      if (past.length === 0) return;
      e.preventDefault();
      const index = recall.current === null ? past.length - 1 : Math.max(0, recall.current.index - 1);
      recall.current = { index, draft: recall.current?.draft ?? command };
      setCommand(past[index] ?? '');
    } else if (e.key === 'ArrowDown') {
      if (recall.current === null) return;
      e.preventDefault();
      const index = recall.current.index + 1;
      if (index >= past.length) {
        setCommand(recall.current.draft);
        recall.current = null;
      } else {
        recall.current = { ...recall.current, index };
        setCommand(past[index] ?? '');
      }
    }
  };

  return (
    <div class="console-view">
      <p class="back">
        <a href={`${BASE}servers`} onClick={(e) => (e.preventDefault(), navigate('servers'))}>
          {t('console.back')}
        </a>
      </p>
      <h1>{t('console.titleFor', { server: serverId })}</h1>
      {stream.problem !== undefined && <Notice kind="error">{problemText(stream.problem, t)}</Notice>}
      <Notice kind="error">{servers.error}</Notice>
      {operate && info?.mode === 'wrap' && <PowerControls api={api} info={info} onActive={setPowerActive} />}
      <section class="card console" aria-labelledby="console-title">
        <div class="toolbar">
          <h2 id="console-title">{t('console.title')}</h2>
          <span class={`pill link-${stream.link}`} id="console-link" role="status">
            {t(`console.link.${stream.link}`)}
          </span>
          {paused === null ? (
            <button type="button" id="console-pause" onClick={() => setPaused(stream.entries)}>
              {t('console.pause')}
            </button>
          ) : (
            <button type="button" id="console-follow" class="primary" onClick={() => setPaused(null)}>
              {t('console.follow', { count: newCount })}
            </button>
          )}
        </div>
        {/* Announcing every streamed line would drown a screen reader: only command results are announced, below. */}
        <div class="console-log mono" id="console-log" ref={log} role="log" aria-live="off" aria-label={t('console.logLabel', { server: serverId })} tabIndex={0}>
          <ol>
            {shown.map((entry) => (
              <Entry key={entry.n} entry={entry} t={t} />
            ))}
          </ol>
        </div>
        {shown.length === 0 && stream.problem === undefined && <p class="empty">{t('console.empty')}</p>}
        {operate && (
          <form id="console-form" class="console-form" onSubmit={send}>
            <label for="console-command">{t('console.command')}</label>
            <div class="row">
              <input
                id="console-command"
                class="mono"
                value={command}
                maxLength={4096}
                autoComplete="off"
                autoCapitalize="off"
                spellcheck={false}
                enterKeyHint="send"
                aria-describedby="console-command-hint"
                onInput={(e) => {
                  recall.current = null;
                  setCommand(e.currentTarget.value);
                }}
                onKeyDown={onKeyDown}
              />
              <button type="submit" class="primary" disabled={sending || command.trim() === ''}>
                {sending ? t('console.waiting') : t('console.send')}
              </button>
            </div>
            <span class="hint" id="console-command-hint">
              {t('console.commandHint')}
            </span>
          </form>
        )}
        <p class="visually-hidden" id="console-announce" aria-live="polite">
          {announce}
        </p>
      </section>
    </div>
  );
}

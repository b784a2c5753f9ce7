import { spawn, type ChildProcess } from 'node:child_process';
import iconv from 'iconv-lite';
import { parse as parseShellWords } from 'shell-quote';
import type { AgentLog } from './agent-log.js';
import { LineDecoder } from './line-decoder.js';

export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped';
export const POWER_ACTIONS = ['start', 'stop', 'restart', 'kill'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];

export interface PowerOutcome {
  success: boolean;
  detail: string;
}

export interface WrappedServerOptions {
  exec: string;
  cwd?: string;
  encoding: string;
  restart: 'never' | 'on-crash';
  stopTimeoutMs: number;
  log: AgentLog;
  /** The server's raw output, for the agent's own stdout. */
  echo?: (chunk: Buffer) => void;
  platform?: NodeJS.Platform;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It ended without being asked to. */
  crashed: boolean;
}

export interface ExecPlan {
  file: string;
  args: string[];
  shell: boolean;
}

/**
 * Splits `--exec` the way a POSIX shell splits words (quotes, escapes, `$VAR`), but refuses
 * pipes and redirections: those belong in a script. Windows batch files need cmd.exe.
 */
export function planExec(exec: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): ExecPlan {
  const words: string[] = [];
  for (const entry of parseShellWords(exec, (name) => env[name] ?? '')) {
    if (typeof entry === 'string') words.push(entry);
    else if ('pattern' in entry) words.push(entry.pattern);
    else if ('comment' in entry) break;
    else throw new Error(`--exec cannot contain the shell operator '${entry.op}': put the command in a script and run the script`);
  }
  const [file, ...args] = words;
  if (file === undefined || file === '') throw new Error('--exec is empty');
  const batch = platform === 'win32' && /\.(bat|cmd)$/i.test(file);
  return { file, args, shell: batch };
}

/**
 * A game server process the agent owns, as Wings and MCSManager own theirs: its console is
 * stdout/stderr, commands go to stdin, `stop` is asked before a kill, and a crash can restart it.
 */
export class WrappedServer {
  private child: ChildProcess | null = null;
  private current: ProcessState = 'stopped';
  private readonly lineHandlers: Array<(line: string) => void> = [];
  private readonly stateHandlers: Array<(state: ProcessState) => void> = [];
  private readonly exitHandlers: Array<(info: ExitInfo) => void> = [];
  private readonly plan: ExecPlan;
  private exited: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | null = null;
  private crashBackoffMs = 1000;
  private startedAt = 0;
  private shuttingDown = false;

  constructor(private readonly options: WrappedServerOptions) {
    this.plan = planExec(options.exec, options.platform);
    if (!iconv.encodingExists(options.encoding)) throw new Error(`Unknown console encoding: ${options.encoding}`);
  }

  get state(): ProcessState {
    return this.current;
  }

  onLine(handler: (line: string) => void): void {
    this.lineHandlers.push(handler);
  }

  onStateChange(handler: (state: ProcessState) => void): void {
    this.stateHandlers.push(handler);
  }

  onExit(handler: (info: ExitInfo) => void): void {
    this.exitHandlers.push(handler);
  }

  /** The log said the server is up (`Done (…)! For help`). */
  markRunning(): void {
    if (this.current === 'starting') this.setState('running');
  }

  /** The server announced it is stopping on its own (someone typed `stop`). */
  markStopping(): void {
    if (this.current === 'running' || this.current === 'starting') this.setState('stopping');
  }

  start(): void {
    if (this.child || this.shuttingDown) return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const { file, args, shell } = this.plan;
    this.options.log.info(`starting the server: ${this.options.exec}`);
    const child = spawn(file, args, { cwd: this.options.cwd, shell, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    this.startedAt = Date.now();
    this.setState('starting');
    const decoders = [new LineDecoder(this.options.encoding), new LineDecoder(this.options.encoding)];
    const feed = (decoder: LineDecoder) => (chunk: Buffer) => {
      this.options.echo?.(chunk);
      for (const line of decoder.push(chunk)) this.emitLine(line);
    };
    child.stdout!.on('data', feed(decoders[0]!));
    child.stderr!.on('data', feed(decoders[1]!));
    child.stdin!.on('error', (err) => this.options.log.debug(`server stdin: ${err.message}`));
    this.exited = new Promise((resolve) => {
      let settled = false;
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        for (const decoder of decoders) for (const line of decoder.end()) this.emitLine(line);
        this.onChildExit(code, signal);
        resolve();
      };
      child.once('error', (err) => {
        this.options.log.error(`could not start the server: ${err.message}`);
        done(null, null);
      });
      child.once('close', done);
    });
  }

  /** Types one line into the console; false when there is no running process to type into. */
  writeLine(line: string): boolean {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || this.current === 'stopped') return false;
    stdin.write(iconv.encode(`${line}\n`, this.options.encoding));
    return true;
  }

  async power(action: PowerAction): Promise<PowerOutcome> {
    switch (action) {
      case 'start':
        if (this.current !== 'stopped') return { success: false, detail: `The server is already ${this.current}` };
        this.crashBackoffMs = 1000;
        this.start();
        return { success: this.child !== null, detail: 'Server starting' };
      case 'stop':
        if (this.current === 'stopped') return { success: false, detail: 'The server is not running' };
        await this.stop();
        return { success: true, detail: 'Server stopped' };
      case 'restart':
        if (this.current === 'stopped') return { success: false, detail: 'The server is not running' };
        await this.stop();
        this.start();
        return { success: true, detail: 'Server restarting' };
      case 'kill':
        if (this.current === 'stopped') return { success: false, detail: 'The server is not running' };
        await this.kill();
        return { success: true, detail: 'Server killed' };
    }
  }

  /** Asks the server to `stop`, waits the stop timeout, then kills it. */
  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) return;
    this.setState('stopping');
    this.writeLine('stop');
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), this.options.stopTimeoutMs).unref()),
    ]);
    if (timedOut) {
      this.options.log.warn(`the server did not stop within ${this.options.stopTimeoutMs / 1000} s; killing it`);
      await this.kill();
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.setState('stopping');
    child.kill('SIGKILL');
    await this.exited;
  }

  /** The agent is exiting: stop the server for good. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.stop();
  }

  private emitLine(line: string) {
    for (const handler of this.lineHandlers) handler(line);
  }

  private onChildExit(code: number | null, signal: NodeJS.Signals | null) {
    const requested = this.current === 'stopping';
    this.child = null;
    const crashed = !requested && (code !== 0 || signal !== null);
    this.options.log.info(`the server exited (${signal ?? `code ${code}`})${crashed ? ': it crashed' : ''}`);
    this.setState('stopped');
    for (const handler of this.exitHandlers) handler({ code, signal, crashed });
    if (crashed && this.options.restart === 'on-crash' && !this.shuttingDown) {
      // A server that ran a while before crashing starts the backoff afresh.
      if (Date.now() - this.startedAt > 60_000) this.crashBackoffMs = 1000;
      const delay = this.crashBackoffMs;
      this.crashBackoffMs = Math.min(this.crashBackoffMs * 2, 60_000);
      this.options.log.warn(`restarting the server in ${delay / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.start();
      }, delay);
    }
  }

  private setState(state: ProcessState) {
    if (this.current === state) return;
    this.current = state;
    for (const handler of this.stateHandlers) handler(state);
  }
}

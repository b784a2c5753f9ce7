import { existsSync } from 'node:fs';
import TailFile from '@logdna/tail-file';
import type { AgentLog } from './agent-log.js';
import { LineDecoder } from './line-decoder.js';

export interface LogFollowerOptions {
  path: string;
  encoding: string;
  log: AgentLog;
  pollMs?: number;
}

/**
 * Follows a server's `latest.log` from its current end. The server rotates it at start-up and at
 * midnight, by rename or by truncation; @logdna/tail-file follows both without losing lines
 * (the research found `tail` loses lines after a rotation).
 */
export class LogFollower {
  private tail: TailFile | null = null;
  private waitTimer: NodeJS.Timeout | null = null;
  private readonly decoder: LineDecoder;
  private readonly handlers: Array<(line: string) => void> = [];
  private stopped = false;

  constructor(private readonly options: LogFollowerOptions) {
    this.decoder = new LineDecoder(options.encoding);
  }

  onLine(handler: (line: string) => void): void {
    this.handlers.push(handler);
  }

  /** Starts at the end of the file, or waits for the file to appear (the server is not up yet). */
  async start(): Promise<void> {
    if (this.stopped) return;
    if (!existsSync(this.options.path)) {
      this.options.log.info(`waiting for ${this.options.path} to appear`);
      this.waitTimer = setTimeout(() => void this.start(), this.options.pollMs ?? 500);
      return;
    }
    try {
      await this.follow();
    } catch (err) {
      // Gone again between the check and the open (a rotation): wait for it as before.
      this.options.log.warn(`cannot follow ${this.options.path}: ${(err as Error).message}`);
      this.tail = null;
      this.waitTimer = setTimeout(() => void this.start(), this.options.pollMs ?? 500);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.waitTimer) clearTimeout(this.waitTimer);
    const tail = this.tail;
    this.tail = null;
    if (tail) await tail.quit().catch(() => undefined);
    for (const line of this.decoder.end()) this.emit(line);
  }

  private async follow() {
    const tail = new TailFile(this.options.path, {
      pollFileIntervalMs: this.options.pollMs ?? 250,
      // A log that disappears for good (the server's folder moved) is waited for, not given up on.
      maxPollFailures: Number.MAX_SAFE_INTEGER,
    });
    this.tail = tail;
    tail.on('data', (chunk: Buffer) => {
      for (const line of this.decoder.push(chunk)) this.emit(line);
    });
    tail.on('renamed', () => this.options.log.info(`${this.options.path} was rotated; following the new file`));
    tail.on('truncated', () => this.options.log.info(`${this.options.path} was truncated; reading it from the start`));
    tail.on('tail_error', (err: Error) => this.options.log.warn(`reading ${this.options.path}: ${err.message}`));
    tail.on('error', (err: Error) => this.options.log.warn(`reading ${this.options.path}: ${err.message}`));
    await tail.start();
  }

  private emit(line: string) {
    for (const handler of this.handlers) handler(line);
  }
}

// The parent's side of subscriber-child.ts: opens N subscribers in a child process and collects their receipts.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib.js';

export interface Receipts {
  received: number;
  /** Monotonic milliseconds (see `monotonicMs`) of the last receipt. */
  lastAt: number;
  p50: number;
  p99: number;
  max: number;
}

/** Milliseconds on the clock the subscribers stamp receipts with, shared by every process on the machine. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export class SubscriberPool {
  private constructor(
    private readonly child: ChildProcess,
    private readonly url: string,
  ) {}

  static async open(url: string, count: number): Promise<SubscriberPool> {
    const child = fork(join(ROOT, 'bench/subscriber-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const pool = new SubscriberPool(child, url);
    await pool.add(count);
    return pool;
  }

  /** Opens `count` more subscribers to the same URL. */
  async add(count: number): Promise<void> {
    await this.ask({ type: 'open', url: this.url, count }, 'ready');
  }

  async reset(): Promise<void> {
    await this.ask({ type: 'reset' }, 'reset');
  }

  /** Waits until `expected` receipts have arrived since the last reset (or the timeout passed). */
  collect(expected: number, timeoutMs = 60_000): Promise<Receipts> {
    return this.ask({ type: 'collect', expected, timeoutMs }, 'result') as unknown as Promise<Receipts>;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' });
    });
  }

  private ask(command: Record<string, unknown>, answer: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type === 'error') reject(new Error(`subscribers: ${String(message.message)}`));
        else if (message.type === answer) resolve(message);
        else return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      const onExit = (code: number | null) => reject(new Error(`subscriber process exited with ${code}`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }
}

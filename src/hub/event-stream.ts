import type { Logger } from 'pino';
import type { Metrics } from '../core/metrics.js';

/** One event as it is fanned out: its id, its wire frame, and the tenant that may see it. */
export interface EventFrame {
  id: number;
  payload: string;
  tenant: string | null;
}

/** What the stream reads to fill gaps: committed events after `afterId`, oldest first. */
export type FrameSource = (afterId: number, limit: number) => Promise<EventFrame[]>;

const FILL_PAGE = 1000;

/**
 * This node's delivery of events to its subscribers, strictly in id order and each once.
 *
 * Batches arrive from this node's own commits and, over the bus, from other nodes' — in any
 * order, and some never (a publish during a Redis outage, a node killed between commit and
 * publish). The event writer assigns ids in commit order, so once an id is seen committed every
 * smaller id is final: a gap before it is filled from the database at once, with no waiting for
 * stragglers that cannot come. A reconnect of the bus and a slow periodic poll catch up whatever
 * no later batch revealed. This is the "reorder buffer" design with its wait reduced to zero,
 * chosen over a single sequencer node because any node may fail.
 */
export class EventStream {
  private delivered = 0;
  private chain: Promise<void>;
  private readonly started: Promise<void>;
  private readonly poll: NodeJS.Timeout;
  private closed = false;
  private failing = false;

  constructor(
    private readonly source: FrameSource,
    /** Hands frames to the sockets; called in strictly increasing id order. */
    private readonly deliver: (frame: EventFrame) => void,
    private readonly log: Logger,
    private readonly metrics: Pick<Metrics, 'fanoutLagSeconds'>,
    pollMs: number,
    /** The newest id stored when the node starts: subscribers connected from then on want newer ones. */
    start: () => Promise<number>,
  ) {
    this.started = this.chain = start().then((position) => {
      this.delivered = Math.max(this.delivered, position);
    });
    this.poll = setInterval(() => this.catchUp(), pollMs);
    this.poll.unref();
  }

  /** The highest id handed to subscribers: a replay that reaches it can switch to live frames. */
  get position(): number {
    return this.delivered;
  }

  /** Resolves once the stream knows where it starts (start-up awaits it before listening). */
  ready(): Promise<void> {
    return this.started;
  }

  /** A committed batch (ids increasing), from this node or another; `committedAt` in epoch ms. */
  offer(frames: readonly EventFrame[], committedAt: number): void {
    this.enqueue(async () => {
      const fresh = frames.filter((f) => f.id > this.delivered);
      if (fresh.length === 0) return;
      const contiguous = fresh.every((f, i) => f.id === this.delivered + 1 + i);
      if (contiguous) for (const frame of fresh) this.hand(frame);
      else await this.fillTo(fresh.at(-1)!.id);
      this.metrics.fanoutLagSeconds.observe(Math.max(0, Date.now() - committedAt) / 1000);
    });
  }

  /** Delivers whatever is committed beyond the position (after a bus outage, and periodically). */
  catchUp(): void {
    this.enqueue(() => this.fillTo(Number.POSITIVE_INFINITY));
  }

  close(): void {
    this.closed = true;
    clearInterval(this.poll);
  }

  private enqueue(step: () => Promise<void>) {
    this.chain = this.chain.then(async () => {
      if (this.closed) return;
      try {
        await step();
        if (this.failing) {
          this.failing = false;
          this.log.info({ position: this.delivered }, 'event delivery reads missed events again');
        }
      } catch (err) {
        // The database is unreachable: the next batch, reconnect or poll retries from the same
        // position. Said once per outage, not once a second.
        if (!this.failing) this.log.warn({ err, position: this.delivered }, 'event delivery cannot read missed events; retrying');
        this.failing = true;
      }
    });
  }

  /** Reads committed events from the database, page by page, until past `target` or the end. */
  private async fillTo(target: number) {
    while (this.delivered < target && !this.closed) {
      const page = await this.source(this.delivered, FILL_PAGE);
      for (const frame of page) this.hand(frame);
      if (page.length < FILL_PAGE) return;
    }
  }

  private hand(frame: EventFrame) {
    if (frame.id <= this.delivered) return;
    this.delivered = frame.id;
    this.deliver(frame);
  }
}

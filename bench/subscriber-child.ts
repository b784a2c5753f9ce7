// Many WebSocket subscribers in a process of their own, so they do not share an event loop with the
// server or the poster. Driven over IPC by subscriber-pool.ts.
import WebSocket from 'ws';

type Command =
  | { type: 'open'; url: string; count: number }
  | { type: 'reset' }
  | { type: 'collect'; expected: number; timeoutMs: number }
  | { type: 'close' };

/** The same monotonic clock as the parent's (CLOCK_MONOTONIC is system-wide), in milliseconds. */
const now = () => Number(process.hrtime.bigint()) / 1e6;

const sockets: WebSocket[] = [];
let latencies: number[] = [];
let received = 0;
let lastAt = 0;
let waiting: { expected: number; done: () => void } | undefined;

function onMessage(data: WebSocket.RawData) {
  // Only the stamp is read: parsing every message would make this process the bottleneck.
  const text = data.toString();
  const at = text.indexOf('"sentAt":');
  if (at < 0) return;
  lastAt = now();
  latencies.push(lastAt - Number.parseFloat(text.slice(at + 9)));
  received++;
  if (waiting && received >= waiting.expected) waiting.done();
}

async function open(url: string, count: number) {
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.on('message', onMessage);
      return new Promise<WebSocket>((resolve, reject) => {
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function reply(message: Record<string, unknown>) {
  process.send!(message);
}

process.on('message', (command: Command) => {
  void (async () => {
    switch (command.type) {
      case 'open':
        await open(command.url, command.count);
        reply({ type: 'ready', open: sockets.length });
        return;
      case 'reset':
        latencies = [];
        received = 0;
        lastAt = 0;
        reply({ type: 'reset' });
        return;
      case 'collect': {
        if (received < command.expected) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, command.timeoutMs);
            waiting = { expected: command.expected, done: () => (clearTimeout(timer), resolve()) };
          });
          waiting = undefined;
        }
        const sorted = Float64Array.from(latencies).sort();
        reply({ type: 'result', received, lastAt, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN });
        return;
      }
      case 'close':
        for (const socket of sockets) socket.terminate();
        process.exit(0);
    }
  })().catch((err: unknown) => {
    reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
});

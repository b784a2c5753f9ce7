// The agent's console parsing (strip codes, prefix, dispatch) on a realistic mix of flavours, against
// a bare loop that only finds each line's `]: `, both measured in the same run.
import { LineDecoder } from '../src/agent/line-decoder.js';
import type { Flavor } from '../src/agent/log-events.js';
import { createLogParser } from '../src/agent/log-parser.js';
import { fmt, report } from './lib.js';

const LINES_PER_FLAVOR = 100_000;
const ROUNDS = 5;
const GOAL = 200_000;

const NAMES = ['Steve', 'Alex', 'Notch', 'jeb_', 'Dinnerbone', 'Komeiji_Koishi', 'xX_Builder_Xx', 'Grumm'];
const NOISE = [
  'Preparing spawn area: 45%',
  "Can't keep up! Is the server overloaded? Running 2043ms or 40 ticks behind",
  'Saving chunks for level \'ServerLevel[world]\'/minecraft:overworld',
  'ThreadedAnvilChunkStorage (world): All chunks are saved',
  '[SomePlugin] Scheduled backup completed in 1532 ms',
  'Steve[/127.0.0.1:51234] logged in with entity id 123 at (0.5, 64.0, 0.5)',
  'Steve issued server command: /home base',
  'Named entity Wolf[\'Fido\'/201, l=\'ServerLevel[world]\', x=1.50, y=64.00, z=0.50] died, message: \'Fido was slain by Zombie\'',
];
const JAVA_EVENTS = [
  (n: string) => `<${n}> anyone up for the nether? bring food`,
  (n: string) => `[Not Secure] <${n}> lol`,
  (n: string) => `${n} joined the game`,
  (n: string) => `${n} left the game`,
  (n: string) => `${n} was slain by Zombie`,
  (n: string) => `${n} fell from a high place`,
  (n: string) => `${n} has made the advancement [Stone Age]`,
  () => `There are 3 of a max of 20 players online: ${NAMES.slice(0, 3).join(', ')}`,
];

/** Deterministic: 85 % noise, 15 % events, in the prefix of each flavour. */
function generate(flavor: Flavor): string[] {
  const lines: string[] = [];
  let seed = 42;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let i = 0; i < LINES_PER_FLAVOR; i++) {
    const name = NAMES[next(NAMES.length)]!;
    const event = next(100) < 15;
    const time = `10:${String(next(60)).padStart(2, '0')}:${String(next(60)).padStart(2, '0')}`;
    if (flavor === 'bedrock') {
      const body = event
        ? [`Player connected: ${name} Two, xuid: 2535424045177658`, `Player Spawned: ${name} Two xuid: 2535424045177658, pfid: 5b0c8e2d`, `Player disconnected: ${name} Two, xuid: 2535424045177658`][next(3)]!
        : ['Running AutoCompaction...', 'IPv4 supported, port: 19132', 'Content logging to console is enabled.'][next(3)]!;
      lines.push(`[2025-01-15 ${time}:${String(next(1000)).padStart(3, '0')} INFO] ${body}`);
      continue;
    }
    const body = event ? JAVA_EVENTS[next(JAVA_EVENTS.length)]!(name) : NOISE[next(NOISE.length)]!;
    // Paper's console colours its lines; vanilla's does not.
    if (flavor === 'paper') lines.push(`\x1b[0m[${time} INFO]: ${body}\x1b[m`);
    else lines.push(`[${time}] [Server thread/INFO]: ${body}`);
  }
  return lines;
}

/** Paper's stream goes through flavour detection, so that path is measured too. */
const parserFor = (flavor: Flavor) => createLogParser(flavor === 'paper' ? 'auto' : flavor);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => number): { seconds: number; result: number } {
  const started = performance.now();
  const result = fn();
  return { seconds: (performance.now() - started) / 1000, result };
}

export async function run(): Promise<void> {
  const streams = (['vanilla', 'paper', 'bedrock'] as const).map((flavor) => ({ flavor, lines: generate(flavor) }));
  const total = streams.reduce((n, s) => n + s.lines.length, 0);
  const bytes = streams.map((s) => ({ flavor: s.flavor, buffer: Buffer.from(s.lines.join('\r\n') + '\r\n') }));

  const bare = () => {
    let found = 0;
    for (const { lines } of streams) for (const line of lines) if (line.indexOf(']: ') !== -1) found++;
    return found;
  };
  const parse = () => {
    let events = 0;
    for (const { flavor, lines } of streams) {
      const parser = parserFor(flavor);
      for (const line of lines) if (parser.parse(line) !== null) events++;
    }
    return events;
  };
  const decodeAndParse = () => {
    let events = 0;
    for (const { flavor, buffer } of bytes) {
      const decoder = new LineDecoder('utf8');
      const parser = parserFor(flavor);
      // 16 KiB reads, as a pipe delivers them.
      for (let at = 0; at < buffer.length; at += 16384) {
        for (const line of decoder.push(buffer.subarray(at, at + 16384))) if (parser.parse(line) !== null) events++;
      }
      for (const line of decoder.end()) if (parser.parse(line) !== null) events++;
    }
    return events;
  };

  // Warm up the JIT on each path before measuring.
  bare();
  parse();
  decodeAndParse();
  const runs = { bare: [] as number[], parse: [] as number[], decode: [] as number[] };
  let events = 0;
  for (let round = 0; round < ROUNDS; round++) {
    runs.bare.push(total / time(bare).seconds);
    const parsed = time(parse);
    runs.parse.push(total / parsed.seconds);
    events = parsed.result;
    const decoded = time(decodeAndParse);
    runs.decode.push(total / decoded.seconds);
    if (decoded.result !== events) throw new Error(`decoding changed the events: ${decoded.result} vs ${events}`);
  }
  const b = median(runs.bare);
  const p = median(runs.parse);
  const d = median(runs.decode);
  report(`Agent: console lines parsed (${fmt(total)} lines, vanilla/Paper/BDS, ${fmt((events / total) * 100, 1)} % events; median of ${ROUNDS} rounds)`, [
    ['bare loop (indexOf "]: ")', `${fmt(b)} lines/s`],
    ['InterConnect parse (strip, prefix, dispatch)', `${fmt(p)} lines/s`],
    ['InterConnect decode bytes + parse', `${fmt(d)} lines/s`],
    ['ratio parse / bare', fmt(p / b, 3)],
    [`parse (goal >= ${fmt(GOAL)} lines/s)`, p >= GOAL ? 'met' : 'NOT met'],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

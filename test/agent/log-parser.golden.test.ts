import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Flavor, LogEvent } from '../../src/agent/log-events.js';
import { LineDecoder } from '../../src/agent/line-decoder.js';
import { createLogParser } from '../../src/agent/log-parser.js';

interface Golden {
  flavor: Flavor;
  encoding: string;
  events: LogEvent[];
}

const FIXTURES = ['vanilla', 'paper-console', 'paper-latest', 'fabric', 'forge', 'forge-new', 'bedrock', 'vanilla-gbk'];
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const golden = (name: string) => JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as Golden;

/** The whole byte stream, cut into the given chunks, decoded and parsed as the agent does. */
function parseChunks(chunks: Buffer[], encoding: string, flavor: Flavor | 'auto'): LogEvent[] {
  const decoder = new LineDecoder(encoding);
  const parser = createLogParser(flavor);
  const lines = [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
  return lines.map((line) => parser.parse(line)).filter((event): event is LogEvent => event !== null);
}

describe('log parser golden files', () => {
  for (const name of FIXTURES) {
    const { flavor, encoding, events } = golden(name);
    const bytes = readFileSync(fixture(`${name}.log`));
    it(`${name}.log as ${flavor} yields exactly its events`, () => {
      expect(parseChunks([bytes], encoding, flavor)).toEqual(events);
    });
    it(`${name}.log with the flavour detected yields the same events`, () => {
      expect(parseChunks([bytes], encoding, 'auto')).toEqual(events);
    });
  }

  // CRLF, ANSI, prompts and 4-byte UTF-8 characters: a split anywhere must not change a thing.
  for (const name of ['paper-console', 'bedrock', 'vanilla-gbk']) {
    it(`${name}.log split into two chunks at every byte offset yields the same events`, () => {
      const { flavor, encoding, events } = golden(name);
      const bytes = readFileSync(fixture(`${name}.log`));
      for (let at = 0; at <= bytes.length; at++) {
        const got = parseChunks([bytes.subarray(0, at), bytes.subarray(at)], encoding, flavor);
        if (JSON.stringify(got) !== JSON.stringify(events)) expect({ at, got }).toEqual({ at, got: events });
      }
    });
  }

  it('paper-console.log fed one byte at a time yields the same events', () => {
    const { flavor, encoding, events } = golden('paper-console');
    const bytes = readFileSync(fixture('paper-console.log'));
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(parseChunks(chunks, encoding, flavor)).toEqual(events);
  });

  it('the GBK file read as UTF-8 yields no Chinese names (the encoding matters)', () => {
    const bytes = readFileSync(fixture('vanilla-gbk.log'));
    const events = parseChunks([bytes], 'utf8', 'vanilla');
    expect(events.some((e) => 'player' in e && e.player === '玩家一号')).toBe(false);
  });
});

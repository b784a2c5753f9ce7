import { describe, expect, it } from 'vitest';
import { LineDecoder } from '../../src/agent/line-decoder.js';

const feed = (decoder: LineDecoder, chunks: Array<Buffer | string>) => [
  ...chunks.flatMap((chunk) => decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)),
  ...decoder.end(),
];

describe('LineDecoder', () => {
  it('ends lines at LF and CRLF, keeps empty lines, and returns the unterminated rest at the end', () => {
    expect(feed(new LineDecoder('utf8'), ['a\nb\r\n\r\nc'])).toEqual(['a', 'b', '', 'c']);
  });

  it('keeps a line whole across chunks, and a CRLF split between two chunks', () => {
    const decoder = new LineDecoder('utf8');
    expect(decoder.push(Buffer.from('first ha'))).toEqual([]);
    expect(decoder.push(Buffer.from('lf\r'))).toEqual([]);
    expect(decoder.push(Buffer.from('\nsecond\r'))).toEqual(['first half']);
    expect(decoder.push(Buffer.from('\n'))).toEqual(['second']);
    expect(decoder.end()).toEqual([]);
  });

  it('keeps a multi-byte UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('😀 玩家\n');
    for (let at = 1; at < bytes.length; at++) {
      expect(feed(new LineDecoder('utf8'), [bytes.subarray(0, at), bytes.subarray(at)])).toEqual(['😀 玩家']);
    }
  });

  it('decodes GBK, a double-byte character split across chunks included', () => {
    // 玩家一号 joined the game, in GBK.
    const bytes = Buffer.concat([Buffer.from('cde6bcd2d2bbbac5', 'hex'), Buffer.from(' joined the game\r\n')]);
    expect(feed(new LineDecoder('gbk'), [bytes])).toEqual(['玩家一号 joined the game']);
    expect(feed(new LineDecoder('gbk'), [bytes.subarray(0, 3), bytes.subarray(3)])).toEqual(['玩家一号 joined the game']);
  });

  it('drops a UTF-8 byte order mark and replaces a character cut off by the end of the stream', () => {
    expect(feed(new LineDecoder('utf8'), [Buffer.from('efbbbf6869', 'hex')])).toEqual(['hi']);
    expect(feed(new LineDecoder('utf8'), [Buffer.from('6869f09f', 'hex')])).toEqual(['hi\ufffd']);
  });

  it('rejects an unknown encoding with a clear message', () => {
    expect(() => new LineDecoder('klingon')).toThrow(/unknown console encoding "klingon"/);
  });

  it('emits a line that grows past the bound in pieces instead of holding it', () => {
    const decoder = new LineDecoder('utf8', { maxLineLength: 10 });
    expect(decoder.push(Buffer.from('0123456'))).toEqual([]);
    expect(decoder.push(Buffer.from('789abcdefghijklmnopqrst'))).toEqual(['0123456789', 'abcdefghij']);
    expect(decoder.push(Buffer.from('uv\n'))).toEqual(['klmnopqrst', 'uv']);
    expect(decoder.push(Buffer.from('x'.repeat(25) + '\n'))).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('bounds a server printing without newlines at 64 KiB by default', () => {
    const decoder = new LineDecoder('utf8');
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) lines.push(...decoder.push(Buffer.alloc(1024, 0x61)));
    expect(lines.length).toBe(4);
    expect(lines.every((line) => line.length === 64 * 1024)).toBe(true);
    expect(decoder.end()).toEqual(['a'.repeat(300 * 1024 - 4 * 64 * 1024)]);
  });

  it('never splits a surrogate pair at the bound', () => {
    const decoder = new LineDecoder('utf8', { maxLineLength: 5 });
    const lines = feed(decoder, ['abcd😀ef\n']);
    expect(lines).toEqual(['abcd', '😀ef']);
  });
});

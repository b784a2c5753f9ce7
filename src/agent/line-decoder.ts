import { TextDecoder } from 'node:util';

export interface LineDecoderOptions {
  /** A line longer than this many characters is emitted in pieces, so output without newlines cannot grow memory. */
  maxLineLength?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

/**
 * Turns a byte stream (a server's stdout, a log file) into lines in a given encoding. TextDecoder's
 * streaming mode keeps a multi-byte character split across chunks; lines end at `\n`, and a `\r`
 * before it (possibly in the previous chunk) is dropped.
 */
export class LineDecoder {
  private readonly decoder: TextDecoder;
  private readonly maxLineLength: number;
  private pending = '';

  constructor(encoding: string, options: LineDecoderOptions = {}) {
    try {
      this.decoder = new TextDecoder(encoding);
    } catch {
      throw new Error(`unknown console encoding "${encoding}" (use a WHATWG encoding label such as utf8, gbk, gb18030, shift_jis, windows-1252)`);
    }
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    if (!Number.isInteger(this.maxLineLength) || this.maxLineLength < 2) throw new Error(`maxLineLength must be an integer of at least 2, not ${this.maxLineLength}`);
  }

  /** The lines the chunk completes. */
  push(chunk: Buffer | Uint8Array): string[] {
    return this.take(this.decoder.decode(chunk, { stream: true }), false);
  }

  /** Whatever is left once the stream ends, as a last line (an incomplete character becomes U+FFFD). */
  end(): string[] {
    return this.take(this.decoder.decode(), true);
  }

  private take(text: string, final: boolean): string[] {
    const lines: string[] = [];
    // Only the new text is searched, so a long line arriving in small chunks costs linear time.
    let from = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.emit(lines, this.pending + text.slice(from, newline));
      this.pending = '';
      from = newline + 1;
      newline = text.indexOf('\n', from);
    }
    this.pending += text.slice(from);
    if (this.pending.length > this.maxLineLength) this.pending = this.split(lines, this.pending);
    if (final && this.pending !== '') {
      this.emit(lines, this.pending);
      this.pending = '';
    }
    return lines;
  }

  private emit(lines: string[], line: string): void {
    const text = line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
    if (text.length <= this.maxLineLength) lines.push(text);
    else {
      const rest = this.split(lines, text);
      if (rest !== '') lines.push(rest);
    }
  }

  /** Pushes full-length pieces of an over-long line and returns what is left (at most the bound). */
  private split(lines: string[], text: string): string {
    let at = 0;
    while (text.length - at > this.maxLineLength) {
      let cut = at + this.maxLineLength;
      // Never split a surrogate pair.
      const code = text.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      lines.push(text.slice(at, cut));
      at = cut;
    }
    return text.slice(at);
  }
}

/** Why the command policy would not let a line through; the hub audits it and refuses the command. */
export class CommandRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CommandRefused';
  }
}

const OPENERS: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
const CLOSERS = new Set([']', '}', ')']);

/**
 * Reads a normalised line (single spaces only) one argument at a time, the way Brigadier's
 * argument parsers do: `arg()` keeps quoted strings and bracketed selectors, block states and NBT
 * together even when they contain spaces; `word()` reads up to the next space, as a score holder
 * does. Anything unbalanced is refused: the game would not run it, and we cannot say where it ends.
 */
export class CommandReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.skipSpaces();
    return this.pos >= this.text.length;
  }

  /** Everything after the current position, as the next command would see it. */
  rest(): string {
    this.skipSpaces();
    return this.text.slice(this.pos);
  }

  peekWord(): string | null {
    this.skipSpaces();
    if (this.pos >= this.text.length) return null;
    const end = this.text.indexOf(' ', this.pos);
    return this.text.slice(this.pos, end < 0 ? this.text.length : end);
  }

  word(what: string): string {
    const word = this.peekWord();
    if (word === null) throw new CommandRefused(`incomplete execute: missing ${what}`);
    this.pos += word.length;
    return word;
  }

  /** A literal of a fixed set (lower-cased), refused when it is anything else. */
  literal(what: string, allowed: readonly string[]): string {
    const word = this.word(what).toLowerCase();
    if (!allowed.includes(word)) throw new CommandRefused(`unexpected ${what} "${word}"`);
    return word;
  }

  arg(what: string): string {
    this.skipSpaces();
    if (this.pos >= this.text.length) throw new CommandRefused(`incomplete execute: missing ${what}`);
    const start = this.pos;
    const stack: string[] = [];
    let quote: string | null = null;
    let i = this.pos;
    for (; i < this.text.length; i++) {
      const c = this.text[i] as string;
      if (quote !== null) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === ' ' && stack.length === 0) break;
      if (c === '"' || c === "'") quote = c;
      else if (c in OPENERS) stack.push(OPENERS[c] as string);
      else if (CLOSERS.has(c)) {
        if (stack.pop() !== c) throw new CommandRefused(`unbalanced "${c}" in ${what}`);
      }
    }
    if (quote !== null || stack.length > 0) throw new CommandRefused(`unterminated quote or bracket in ${what}`);
    this.pos = i;
    const token = this.text.slice(start, i);
    // A `run` hidden inside a grouped argument is what a parser that splits differently would run.
    if (token.includes(' ') && token.split(' ').some((w) => w.toLowerCase() === 'run')) {
      throw new CommandRefused(`"run" inside the ${what} argument`);
    }
    return token;
  }

  /** `count` space-separated coordinates (`~ ~1 ~`, `^ ^ ^`, numbers). */
  coordinates(what: string, count: number): void {
    for (let n = 0; n < count; n++) {
      const word = this.word(what);
      if (!/^[~^]?[-+]?(\d+(\.\d*)?|\.\d+)?$/.test(word)) throw new CommandRefused(`"${word}" is not a coordinate of ${what}`);
    }
  }

  private skipSpaces() {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}

/**
 * ANSI escape sequences (ECMA-48) and Minecraft `§` formatting codes, removed from console text.
 * Hand-written: Node's util.stripVTControlCharacters and ansi-regex leave OSC titles with spaces
 * (`ESC ] 0;Minecraft Server BEL`, which JLine consoles print) half in the text.
 */
const CODES = new RegExp(
  [
    // OSC, DCS, SOS, PM, APC strings: up to BEL or ST (ESC \ or 0x9C); an unterminated one runs to the end.
    '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?',
    // CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, one final byte.
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]?',
    // Other escapes: intermediate bytes then one final byte (charset selection, keypad modes, ...).
    '\\x1b[ -/]*[0-~]?',
    // `§` and the code character after it (colours, styles, each digit of `§x§r§r§g§g§b§b`).
    '\\u00a7[\\s\\S]?',
    // Remaining C0/C1 controls except tab: a bare CR, BEL or backspace is terminal redrawing, not text.
    '[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]',
  ].join('|'),
  'g',
);
/** Cheap test first: most lines carry no code at all. */
const ANY_CODE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u00a7]/;

export function stripCodes(text: string): string {
  return ANY_CODE.test(text) ? text.replace(CODES, '') : text;
}

const PROMPT = /^(?:> ?)+/;

/** A console prompt (`> `, repeated when the server redrew it) written in front of a log line. */
export function stripConsolePrompt(line: string): string {
  return line.charCodeAt(0) === 0x3e /* > */ ? line.replace(PROMPT, '') : line;
}

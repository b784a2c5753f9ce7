import Anser from 'anser';

/** A run of console text in one style; the text is put in a text node, never parsed as HTML. */
export interface AnsiSegment {
  text: string;
  /** CSS colours (`rgb(r, g, b)`) or undefined for the console's own. */
  color: string | undefined;
  background: string | undefined;
  /** `ansi-bold`, `ansi-underline`, ...: classes the stylesheet defines. */
  classes: string;
}

const rgb = (value: string | null): string | undefined => (value === null || value === '' ? undefined : `rgb(${value})`);

/** Splits a console line at its ANSI escapes; escapes that are not colours (cursor moves) are dropped. */
export function ansiSegments(line: string): AnsiSegment[] {
  const out: AnsiSegment[] = [];
  for (const entry of Anser.ansiToJson(line, { json: true, remove_empty: true })) {
    if (entry.content === '') continue;
    out.push({
      text: entry.content,
      color: rgb(entry.fg),
      background: rgb(entry.bg),
      classes: entry.decorations.map((d) => `ansi-${d}`).join(' '),
    });
  }
  return out;
}

import type { Language } from './languages.js';

/** Numbers, sizes, percentages and times in the reader's language, through Intl. */
export interface Formatters {
  /** `—` for a missing value, so tables never print "null". */
  number(value: number | null | undefined, digits?: number): string;
  /** Memory and disk sizes. Pterodactyl's limits are mebibytes, so both apps say MiB, never MB. */
  mib(value: number | null | undefined): string;
  percent(value: number | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  time(value: Date | string): string;
  /** How long ago, or null when there is no time (the caller says "never" in its own words). */
  ago(iso: string | null | undefined, now?: number): string | null;
}

export const MISSING = '—';
/** The one wording of memory and disk sizes in both apps, for headings that name the unit once. */
export const MIB = 'MiB';

export function createFormatters(lang: Language): Formatters {
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numbers.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits });
      numbers.set(digits, format);
    }
    return format;
  };
  const percent = new Intl.NumberFormat(lang, { style: 'unit', unit: 'percent', maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });
  const time = new Intl.DateTimeFormat(lang, { timeStyle: 'medium' });
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const present = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);

  return {
    number: (value, digits = 0) => (present(value) ? numberFormat(digits).format(value) : MISSING),
    mib: (value) => (present(value) ? `${numberFormat(0).format(value)} ${MIB}` : MISSING),
    percent: (value) => (present(value) ? percent.format(value) : MISSING),
    dateTime(iso) {
      if (iso === null || iso === undefined || iso === '') return MISSING;
      const parsed = new Date(iso);
      return Number.isNaN(parsed.getTime()) ? iso : dateTime.format(parsed);
    },
    time: (value) => time.format(typeof value === 'string' ? new Date(value) : value),
    ago(iso, now = Date.now()) {
      if (iso === null || iso === undefined || iso === '') return null;
      const then = Date.parse(iso);
      if (Number.isNaN(then)) return iso;
      const seconds = Math.round((now - then) / 1000);
      if (seconds < 5) return relative.format(0, 'second');
      if (seconds < 60) return relative.format(-seconds, 'second');
      if (seconds < 3600) return relative.format(-Math.floor(seconds / 60), 'minute');
      if (seconds < 86_400) return relative.format(-Math.floor(seconds / 3600), 'hour');
      return relative.format(-Math.floor(seconds / 86_400), 'day');
    },
  };
}

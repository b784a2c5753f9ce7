import { badRequest } from '../core/errors.js';

export interface TimeRange {
  from: Date;
  to: Date;
}

/** An ISO 8601 bound of a query, or a 400 naming it. */
export function parseBound(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badRequest(`${name} must be an ISO 8601 date-time`);
  return new Date(time);
}

/**
 * `?from=&to=` of a chart query: `to` defaults to now and `from` to `defaultSpanMs` before it;
 * an inverted range or one longer than `maxSpanMs` is refused, with what the caller can send.
 */
export function readRange(query: { from?: string | undefined; to?: string | undefined }, now: Date, defaultSpanMs: number, maxSpanMs: number, maxLabel: string): TimeRange {
  // A chart's empty `from=`/`to=` means the default.
  const to = parseBound(query.to || undefined, 'to') ?? now;
  const from = parseBound(query.from || undefined, 'from') ?? new Date(to.getTime() - defaultSpanMs);
  if (from.getTime() > to.getTime()) throw badRequest('from must not be after to');
  if (to.getTime() - from.getTime() > maxSpanMs) throw badRequest(`The range from from to to may span at most ${maxLabel}`);
  return { from, to };
}

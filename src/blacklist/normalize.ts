import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Limits } from './wire.js';

/** QQ and phone numbers are integers well inside 2^53, so they stay exact as JSON numbers. */
const MAX_NUMBER = 999_999_999_999_999;

/**
 * The upload body after lenient coercion, checked once more with a schema so nothing outside these
 * bounds reaches storage whatever the coercion did.
 */
const PieceSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: Limits.name }),
  xuid: Type.String({ maxLength: Limits.xuid }),
  info: Type.String({ maxLength: Limits.info }),
  server: Type.String({ maxLength: Limits.server }),
  time: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  qq: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_NUMBER }), Type.Null()]),
  area_code: Type.String({ maxLength: Limits.areaCode }),
  phone: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_NUMBER }), Type.Null()]),
  photos: Type.Union([Type.Array(Type.String({ maxLength: Limits.photo }), { maxItems: Limits.photos }), Type.Null()]),
});
const PieceCheck = Compile(PieceSchema);

export type PieceInput = Static<typeof PieceSchema>;

export type Normalized<T> = { ok: true; value: T } | { ok: false; error: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Clients stringify missing JavaScript values; these mean "not given". */
function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && ['', 'undefined', 'null'].includes(value.trim()));
}

class FieldError extends Error {}

function text(body: Record<string, unknown>, field: string, max: number, fallback = ''): string {
  const value = body[field];
  if (blank(value)) return fallback;
  if (typeof value !== 'string' && typeof value !== 'number') throw new FieldError(`${field} must be a string`);
  const out = String(value).trim();
  if (out.length > max) throw new FieldError(`${field} must be at most ${max} characters`);
  return out;
}

/** A whole number sent as a JSON number or a numeric string ("1012140043"); 0 means "none". */
function number(body: Record<string, unknown>, field: string): number | null {
  const value = body[field];
  if (blank(value)) return null;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 0 || parsed > MAX_NUMBER) throw new FieldError(`${field} must be a whole number`);
  return parsed === 0 ? null : parsed;
}

function level(body: Record<string, unknown>): number {
  const value = body.level;
  if (blank(value)) return 1;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (parsed !== 1 && parsed !== 2 && parsed !== 3) throw new FieldError('level must be 1, 2 or 3');
  return parsed;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `2022-02-18`, `2026-1-5` (no zero padding) or either with a time after it, to YYYY-MM-DD. */
export function normalizeDate(value: unknown, today: Date): string {
  if (blank(value)) return isoDate(today);
  if (typeof value !== 'string') throw new FieldError('time must be a date like 2022-02-18');
  const match = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(value);
  if (!match) throw new FieldError('time must be a date like 2022-02-18');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new FieldError(`time is not a real date: ${value.trim()}`);
  }
  return isoDate(date);
}

function photos(body: Record<string, unknown>): string[] | null {
  const value = body.photos;
  if (blank(value)) return null;
  if (!Array.isArray(value)) throw new FieldError('photos must be a list of URLs');
  if (value.length > Limits.photos) throw new FieldError(`photos must have at most ${Limits.photos} entries`);
  return value.map((photo) => {
    if (typeof photo !== 'string') throw new FieldError('photos must be a list of URLs');
    // Clients prepend the scheme themselves ('https://' + url), so it is stored without one.
    const url = photo.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    if (url.length > Limits.photo) throw new FieldError(`each photo URL must be at most ${Limits.photo} characters`);
    return url;
  });
}

/**
 * LLBlackBEEx sends `{...defaults, options}`: the caller's real fields arrive under `options`,
 * beside the defaults. They win over the defaults they were meant to replace.
 */
export function unwrapOptions(body: Record<string, unknown>): Record<string, unknown> {
  const { options, ...rest } = body;
  return isRecord(options) ? { ...rest, ...options } : rest;
}

/** A piece as clients upload it, coerced the way BlackBE accepted it and then bounded. */
export function normalizePiece(raw: unknown, today: Date): Normalized<PieceInput> {
  if (!isRecord(raw)) return { ok: false, error: 'a piece must be a JSON object' };
  const body = unwrapOptions(raw);
  try {
    const name = text(body, 'name', Limits.name);
    if (name === '') throw new FieldError('name is required');
    // Control characters would let a name or reason break out of the kick command line.
    if (/\p{Cc}/u.test(name)) throw new FieldError('name must not contain control characters');
    const xuid = text(body, 'xuid', Limits.xuid);
    if (xuid !== '' && !/^\d+$/.test(xuid)) throw new FieldError('xuid must be digits');
    const value: PieceInput = {
      name,
      xuid,
      info: text(body, 'info', Limits.info),
      server: text(body, 'server', Limits.server),
      time: normalizeDate(body.time, today),
      level: level(body),
      qq: number(body, 'qq'),
      area_code: text(body, 'area_code', Limits.areaCode),
      phone: number(body, 'phone'),
      photos: photos(body),
    };
    if (!PieceCheck.Check(value)) {
      const first = PieceCheck.Errors(value)[0];
      return { ok: false, error: first ? `${first.instancePath.slice(1)} ${first.message}` : 'invalid piece' };
    }
    return { ok: true, value };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, error: err.message };
    throw err;
  }
}

/** What `check` looks for, after dropping what cannot match anything. */
export interface PlayerQuery {
  name?: string | undefined;
  qq?: number | undefined;
  xuid?: string | undefined;
}

export function hasCriteria(query: PlayerQuery): boolean {
  return query.name !== undefined || query.qq !== undefined || query.xuid !== undefined;
}

/**
 * `check` parameters after dropping what cannot match anything: empty values, `undefined`/`null`
 * (clients stringify missing values), a non-numeric qq and oversized values are ignored rather
 * than refused, because clients send them routinely.
 */
export function playerQuery(raw: { name?: string | undefined; qq?: string | undefined; xuid?: string | undefined }): PlayerQuery {
  const usable = (value: string | undefined) => (blank(value) ? undefined : value);
  return toPlayerQuery({ name: usable(raw.name), qq: usable(raw.qq), xuid: usable(raw.xuid) });
}

export function toPlayerQuery(raw: { name?: string | undefined; qq?: string | number | undefined; xuid?: string | undefined }): PlayerQuery {
  const out: PlayerQuery = {};
  const name = raw.name?.trim();
  if (name !== undefined && name !== '' && name.length <= Limits.name) out.name = name;
  const qqText = typeof raw.qq === 'number' ? String(raw.qq) : raw.qq?.trim();
  if (qqText !== undefined && /^\d{1,15}$/.test(qqText) && Number(qqText) > 0) out.qq = Number(qqText);
  const xuid = raw.xuid?.trim();
  if (xuid !== undefined && /^\d{1,32}$/.test(xuid)) out.xuid = xuid;
  return out;
}

/** page/page_size arrive as strings; anything unusable falls back to the default rather than failing. */
export function pageParams(page: string | undefined, pageSize: string | undefined, maxSize = 100): { page: number; pageSize: number } {
  const int = (value: string | undefined) => (value !== undefined && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : NaN);
  const p = int(page);
  const s = int(pageSize);
  return {
    page: Number.isFinite(p) && p >= 1 ? p : 1,
    pageSize: Number.isFinite(s) && s >= 1 ? Math.min(s, maxSize) : 10,
  };
}

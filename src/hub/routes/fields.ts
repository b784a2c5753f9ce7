import { HttpError } from '../../core/errors.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object, or a 400 with the hub's wording. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isRecord(body)) throw new HttpError(400, 'Request body must be a JSON object');
  return body;
}

/** An optional string field: absent or null gives undefined, any other type is a 400. */
export function optionalString(body: Record<string, unknown>, field: string, maxLength = 256): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `${field} must be a string`);
  if (value.length > maxLength) throw new HttpError(400, `${field} must be at most ${maxLength} characters`);
  return value;
}

/** A required non-blank string with the spec's own message when it is missing. */
export function requiredString(body: Record<string, unknown>, field: string, missing: string, maxLength = 256): string {
  const value = optionalString(body, field, maxLength);
  if (value === undefined || value.trim() === '') throw new HttpError(400, missing);
  return value;
}

/** An optional ISO 8601 time in the future. */
export function optionalFutureTime(body: Record<string, unknown>, field: string, now: Date): string | undefined {
  const value = optionalString(body, field, 64);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) throw new HttpError(400, `${field} must be an ISO 8601 date-time`);
  if (time <= now.getTime()) throw new HttpError(400, `${field} must be in the future`);
  return new Date(time).toISOString();
}

/** An optional whole-number query parameter within bounds, or a 400 naming it. */
export function intParam(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

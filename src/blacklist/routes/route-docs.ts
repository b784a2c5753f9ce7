import type { TSchema } from 'typebox';
import Type from 'typebox';
import { DetailSchema, Envelope } from '../wire.js';

export const TAGS = ['blacklist'];
/** A valid key, sent as `Authorization: Bearer` (a BlackBE APIToken). */
export const BEARER: Array<Record<string, string[]>> = [{ bearerKey: [] }];
/** Anonymous, or a key that widens what is visible. */
export const OPTIONAL_BEARER: Array<Record<string, string[]>> = [{}, { bearerKey: [] }];

/** BlackBE clients call every route both with and without a trailing slash. */
export const bothSlashes = (path: string): readonly string[] => [path, `${path}/`];

/**
 * A BlackBE route's answers: the envelope with its payload (HTTP 200 whatever the body status, so
 * clients that treat other codes as an outage keep working), and refusals as the envelope with
 * `data: []`: 403 for 403xx, 404 for an unknown path, 429 past the failure limit.
 */
export function blackbeResponses<T extends TSchema>(data: T, example: unknown, refusals: readonly (403 | 404 | 429)[] = []) {
  const error = Type.Unsafe({ $ref: 'BlackbeEnvelope#', description: 'A refusal in the envelope, `data: []`' });
  return {
    200: { ...Envelope(data, example), description: 'The envelope: the payload on 2000/2001, [] on 4000/4001/4040/5000' },
    ...Object.fromEntries(refusals.map((code) => [code, error])),
  } as { 200: ReturnType<typeof Envelope<T>> };
}

/** A /manage route's refusals, all `{"detail"}`. */
export function detailResponses<C extends number>(...codes: C[]): Record<C, typeof DetailSchema> {
  return Object.fromEntries(codes.map((code) => [code, DetailSchema])) as Record<C, typeof DetailSchema>;
}

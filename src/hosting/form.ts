import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { BAD_REQUEST_MESSAGE } from './envelopes.js';
import { MAX_AMOUNT } from './wire.js';

/** A flat view of form fields: the first value of each field, strings only (file parts are ignored). */
export type FormFields = Record<string, string>;

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

const malformed = (why: string) => new AppError('bad_request', `malformed form body: ${why}`, 'malformed_form');

export function flattenFields(body: unknown): FormFields {
  const out: FormFields = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

/**
 * Decodes an urlencoded or multipart body with the WHATWG FormData parser built into Node, so every
 * method reads a form the same way. A multipart type without a boundary, or a broken part, is a
 * malformed request, never a crash.
 */
export async function parseForm(body: Buffer, contentType: string): Promise<FormFields> {
  if (body.length === 0) return {};
  if (/^\s*multipart\//i.test(contentType) && !/;\s*boundary=/i.test(contentType)) throw malformed('multipart without a boundary');
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (err) {
    throw malformed((err as Error).message);
  }
  const out: FormFields = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string' && !(name in out)) out[name] = value;
  }
  return out;
}

/**
 * Fastify never parses a body on GET, but BoardMate's clients send the `key` as a form field on
 * every method (Werkzeug parses a GET body). For GET the raw stream is read here, size-capped.
 */
export async function readGetFormBody(request: FastifyRequest, limitBytes: number): Promise<FormFields> {
  const type = request.headers['content-type'];
  if (!type || !FORM_TYPES.test(type)) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new AppError('payload_too_large', 'form body too large');
    chunks.push(chunk);
  }
  return parseForm(Buffer.concat(chunks), type);
}

/**
 * Python's int() of a form value, as BoardMate reads it (the schema already checked the digits);
 * below `min` or above what a column holds is the same 資料有誤 as malformed.
 */
export function formInt(raw: string, min: number): number {
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n < min || n > MAX_AMOUNT) throw new AppError('bad_request', BAD_REQUEST_MESSAGE, 'bad_number');
  return n;
}

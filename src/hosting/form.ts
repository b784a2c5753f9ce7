import type { FastifyRequest } from 'fastify';

/** A flat view of form fields: first value of each field, strings only (file parts are ignored). */
export type FormFields = Record<string, string>;

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export class FormBodyError extends Error {
  override name = 'FormBodyError';
}

export function flattenFields(body: unknown): FormFields {
  const out: FormFields = {};
  if (body === null || typeof body !== 'object') return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

/**
 * Fastify never parses a body on GET, but BoardMate's clients send the `key` as a form field on
 * every method (Werkzeug parses a GET body). For GET only, the raw stream is read (size-capped)
 * and decoded by the WHATWG FormData parser built into Node, which handles both urlencoded and
 * multipart bodies; POST and DELETE bodies go through @fastify/formbody and @fastify/multipart.
 */
export async function readGetFormBody(request: FastifyRequest, limitBytes: number): Promise<FormFields> {
  const type = request.headers['content-type'];
  if (!type || !FORM_TYPES.test(type)) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new FormBodyError('form body too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData();
  } catch (err) {
    throw new FormBodyError(`malformed form body: ${(err as Error).message}`);
  }
  const out: FormFields = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string' && !(name in out)) out[name] = value;
  }
  return out;
}

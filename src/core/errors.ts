import type { FastifyError } from 'fastify';

/**
 * What went wrong, in words a service can use without knowing it is behind HTTP. Each module's
 * error handler turns a kind into its own envelope; `statusOf` is the one HTTP mapping.
 */
export const ERROR_KINDS = {
  bad_request: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

/** The one refusal every service throws: a kind, a message for people, a stable reason for scripts. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** A machine-readable reason (e.g. `insufficient_funds`) for envelopes that carry one. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export function statusOf(kind: ErrorKind): number {
  return ERROR_KINDS[kind];
}

export const badRequest = (message: string, reason?: string) => new AppError('bad_request', message, reason);
export const unauthorized = (message = 'Invalid API Key') => new AppError('unauthorized', message);
export const forbidden = (message: string, reason?: string) => new AppError('forbidden', message, reason);
export const notFound = (message: string, reason?: string) => new AppError('not_found', message, reason);
export const conflict = (message: string, reason?: string) => new AppError('conflict', message, reason);

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'SQLITE_BUSY']);

/**
 * A database that cannot be reached right now (a PostgreSQL restart or failover, SQLite locked for
 * too long): the request did nothing and may be retried, so it answers 503, not 500.
 */
export function isDependencyDown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // PostgreSQL classes 08 (connection exception) and 57P (operator intervention: shutdown, restart).
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^(08|57P)/.test(code))) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(error.message);
}

/** Fastify's own refusals (parsers, limits, bad URLs) as kinds; anything else is not a request's fault. */
export function fromFastifyError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return undefined;
  const fe = error as Partial<FastifyError>;
  if (fe.validation) return new AppError('bad_request', error.message, 'validation');
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'Request body too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', 'Request body is not valid JSON', 'invalid_json');
    case 'FST_ERR_BAD_URL':
      return new AppError('bad_request', 'Malformed URL', 'bad_url');
    default:
      break;
  }
  if (error.name === 'SyntaxError') return new AppError('bad_request', 'Request body is not valid JSON', 'invalid_json');
  const status = fe.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const kind = (Object.keys(ERROR_KINDS) as ErrorKind[]).find((k) => ERROR_KINDS[k] === status) ?? 'bad_request';
    return new AppError(kind, error.message);
  }
  return undefined;
}

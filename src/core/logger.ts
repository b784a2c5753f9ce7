import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `auto`: pretty lines on a terminal, JSON lines otherwise (a file, a pipe, a log collector). */
export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerSettings {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream & { isTTY?: boolean };
}

const REDACTED = '[redacted]';

/** Query parameters that carry a secret on some surface: `?api_key=` (WebSocket), `?key=` (hosting), OAuth's `?code=`. */
const SECRET_PARAMS = new Set(['api_key', 'apikey', 'key', 'token', 'access_token', 'code']);

/** Any key of ours that ends up in free text (a message, an error) by mistake. */
const KEY_PATTERN = /mc_(?:admin|key|server)_[A-Za-z0-9]{32}/g;

const SECRET_FIELDS = ['key', 'apiKey', 'api_key', 'rawKey', 'token', 'password', 'secret', 'authorization', 'cookie'];
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'sec-websocket-protocol', 'x-api-key'];

/** Paths pino censors before a line is written, whatever the format. */
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `req.headers["${h}"]`, `request.headers["${h}"]`]),
];

export function scrubKeys(text: string): string {
  return text.replace(KEY_PATTERN, REDACTED);
}

/** The URL with the values of secret-bearing query parameters replaced. */
export function safeUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return scrubKeys(url);
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // Undecodable: judged by its raw spelling.
      }
      return SECRET_PARAMS.has(name.trim().toLowerCase()) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return scrubKeys(`${url.slice(0, at)}?${query}`);
}

/** The path alone: what the per-request line shows. */
export function pathOf(url: string): string {
  const at = url.indexOf('?');
  return scrubKeys(at === -1 ? url : url.slice(0, at));
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string; remotePort?: number };
}

const errSerializer = (err: Error) => {
  const serialized = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    const value = serialized[field];
    if (typeof value === 'string') serialized[field] = scrubKeys(value);
  }
  return serialized;
};

/** Options shared by both formats: redaction, and serializers that never write a URL's secrets. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      // Fastify's request, or a raw IncomingMessage: method, URL without secrets, peer. No headers.
      req: (req: RequestLike) => ({
        method: req.method,
        url: req.url === undefined ? undefined : safeUrl(req.url),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
        remotePort: req.socket?.remotePort,
      }),
      url: (url: unknown) => (typeof url === 'string' ? safeUrl(url) : url),
      err: errSerializer,
    },
    hooks: {
      // A message is free text; a key in it is masked before it is formatted.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubKeys(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
}

export function resolveFormat(format: LogFormat, destination: { isTTY?: boolean }): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return destination.isTTY === true ? 'pretty' : 'json';
}

/** The service's logger. pino-pretty is loaded only when lines are pretty. */
export async function createLogger(settings: LoggerSettings): Promise<Logger> {
  const options = loggerOptions(settings.level);
  const target = settings.destination ?? process.stdout;
  if (resolveFormat(settings.format, target) === 'json') {
    return pino(options, settings.destination ?? pino.destination({ fd: 1, sync: true }));
  }
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({
    destination: settings.destination ?? 1,
    sync: true,
    colorize: target.isTTY === true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return pino(options, stream);
}

import { isIP } from 'node:net';
import type { LogFormat, LogLevel } from './core/logger.js';

/** Every setting of the service, read once from the environment and validated. */

export interface Config {
  host: string;
  port: number;
  databasePath: string;
  /** PostgreSQL connection string; when set it replaces the embedded SQLite database. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dashboardPort: number | undefined;
  logLevel: LogLevel;
  /** LOG_FORMAT: `pretty` or `json`; unset picks pretty on a terminal and JSON otherwise. */
  logFormat: LogFormat;
  eventRetentionDays: number;
  commandTimeoutMs: number;
  /** How often sockets are pinged; a peer silent for two rounds is dropped. */
  heartbeatMs: number;
  /** Extra accepted event types, on top of the built-in ones. */
  extraEventTypes: string[];
  adminAllowedCommands: string[];
  adminBlockedCommands: string[];
  initialAdminKey: string | undefined;
  /** Failed authentications per client address and minute before 429. */
  authFailureLimit: number;
  /** Fastify's `trustProxy`: which hops may set X-Forwarded-For. Off by default. */
  trustProxy: boolean | number | string[];
  /** `all`: every key receives every event (the spec); `tenant`: a tenant receives its own. */
  eventVisibility: 'all' | 'tenant';
  /** WebSocket connections one key may hold at once. */
  wsMaxPerKey: number;
  hostingConfigPath: string | undefined;
  hostingApiKey: string | undefined;
  /** METRICS_TOKEN: a Bearer token for `GET /metrics` besides admin keys, for a Prometheus scraper. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const ADMIN_KEY_PATTERN = /^mc_admin_[A-Za-z0-9]{32}$/;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function list(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

function eventVisibility(env: Env): 'all' | 'tenant' {
  const raw = (text(env, 'EVENT_VISIBILITY') ?? 'all').toLowerCase();
  if (raw !== 'all' && raw !== 'tenant') throw new ConfigError('EVENT_VISIBILITY', `expected all or tenant, got "${raw}"`);
  return raw;
}

function logFormat(env: Env): LogFormat {
  const raw = text(env, 'LOG_FORMAT');
  if (raw === undefined) return 'auto';
  const value = raw.toLowerCase();
  if (value !== 'pretty' && value !== 'json') throw new ConfigError('LOG_FORMAT', `expected pretty or json, got "${raw}"`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  }
  return raw;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** `true`, a hop count, or addresses/CIDRs (and proxy-addr's names), as Fastify's trustProxy takes them. */
function trustProxy(env: Env): boolean | number | string[] {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 100);
  const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) {
    const [address = '', bits, extra] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const goodBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!PROXY_NAMES.includes(item) && (family === 0 || !goodBits || extra !== undefined)) {
      throw new ConfigError('TRUST_PROXY', `"${item}" is not an address, a CIDR range or one of ${PROXY_NAMES.join(', ')} (or use true or a hop count)`);
    }
  }
  return items;
}

/** A scraper's secret: long enough not to be guessed within the failure limit, and sendable as a Bearer token. */
function metricsToken(env: Env): string | undefined {
  const raw = text(env, 'METRICS_TOKEN');
  if (raw === undefined) return undefined;
  if (/\s/.test(raw)) throw new ConfigError('METRICS_TOKEN', 'must not contain whitespace (it is sent as a Bearer token)');
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN', `must be at least 16 characters, got ${raw.length}`);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const initialAdminKey = text(env, 'INITIAL_ADMIN_KEY');
  if (initialAdminKey !== undefined && !ADMIN_KEY_PATTERN.test(initialAdminKey)) {
    throw new ConfigError('INITIAL_ADMIN_KEY', 'must be "mc_admin_" followed by 32 letters or digits');
  }
  const extraEventTypes = (text(env, 'EVENT_TYPES') ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const type of extraEventTypes) {
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(type)) {
      throw new ConfigError('EVENT_TYPES', `"${type}" is not a valid event type (lower-case letters, digits, _)`);
    }
  }
  const dashboardPort = text(env, 'DASHBOARD_PORT') === undefined ? undefined : integer(env, 'DASHBOARD_PORT', 0, 1, 65535);
  return {
    host: text(env, 'SERVER_HOST') ?? '0.0.0.0',
    port: integer(env, 'SERVER_PORT', 8000, 0, 65535),
    databasePath: text(env, 'DATABASE_PATH') ?? 'data/interconnect.db',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    dashboardPort,
    logLevel: logLevel as LogLevel,
    logFormat: logFormat(env),
    eventRetentionDays: integer(env, 'EVENT_RETENTION_DAYS', 30, 1, 36500),
    commandTimeoutMs: integer(env, 'COMMAND_TIMEOUT_MS', 10000, 100, 600000),
    heartbeatMs: integer(env, 'WS_HEARTBEAT_MS', 30000, 100, 600000),
    extraEventTypes,
    adminAllowedCommands: list(env, 'ADMIN_ALLOWED_COMMANDS'),
    adminBlockedCommands: list(env, 'ADMIN_BLOCKED_COMMANDS'),
    initialAdminKey,
    authFailureLimit: integer(env, 'AUTH_FAILURE_LIMIT', 20, 1, 100000),
    trustProxy: trustProxy(env),
    eventVisibility: eventVisibility(env),
    wsMaxPerKey: integer(env, 'WS_MAX_PER_KEY', 50, 1, 100000),
    hostingConfigPath: text(env, 'HOSTING_CONFIG'),
    hostingApiKey: text(env, 'HOSTING_API_KEY'),
    metricsToken: metricsToken(env),
  };
}

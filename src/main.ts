import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp, type Modules } from './app.js';
import { createBus } from './bus/index.js';
import type { Config } from './config.js';
import { createBlacklistService, type BlacklistService } from './blacklist/service.js';
import type { BlacklistTables } from './blacklist/tables.js';
import { createHostingService, type HostingDb } from './hosting/service.js';
import { createAuditService, type AuditTables } from './core/audit.js';
import { createAuthenticator } from './core/auth.js';
import { createAuthLimiter } from './core/auth-limiter.js';
import { systemClock, type Clock } from './core/clock.js';
import type { AppContext } from './core/context.js';
import { createKeyService } from './core/keys.js';
import { createLogger } from './core/logger.js';
import { createMetrics } from './core/metrics.js';
import { createHubService } from './hub/service.js';
import type { HubTables } from './hub/tables.js';
import { openStorage, tablesOf } from './storage/database.js';
import type { Database } from './storage/schema.js';

export interface RunningService {
  ctx: AppContext;
  app: FastifyInstance;
  dashboardApp: FastifyInstance | undefined;
  /** The URL the API listens on (with the real port when SERVER_PORT=0). */
  url: string;
  /** The raw admin key when this start generated it (not one given in INITIAL_ADMIN_KEY), else undefined. */
  initialAdminKey: string | undefined;
  /** The whole database, for operators' tools and tests; modules only ever get their own tables. */
  db: Kysely<Database>;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /** Where the first admin key is announced; stdout by default. */
  announce?: (line: string) => void;
}

/** How long a closing listener lets in-flight requests finish before it drops every connection. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Fastify's close waits for every connection that is not idle, and a socket that was opened but
 * never sent a request (a browser's speculative preconnect) is not idle: it would hold shutdown
 * until the headers timeout. After the grace period whatever is left is cut.
 */
async function closeWithGrace(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

/** Opens storage and bus, builds the modules and listens; `close()` undoes it in reverse. */
export async function startService(options: StartOptions): Promise<RunningService> {
  const { config } = options;
  const log = options.log ?? (await createLogger({ level: config.logLevel, format: config.logFormat }));
  const clock = options.clock ?? systemClock;
  // Each step registers its undo, so a failure part-way (a bad HOSTING_CONFIG, an unreachable
  // Redis, a taken port) releases exactly what was opened.
  const undo: Array<() => Promise<void> | void> = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const step of undo.reverse()) await step();
  };
  try {
    const storage = await openStorage({
      databasePath: config.databasePath,
      databaseUrl: config.databaseUrl,
      onConnectionError: (err) => log.warn({ err }, 'idle database connection lost; it will be replaced'),
    });
    undo.push(() => storage.close());
    const bus = await createBus({ redisUrl: config.redisUrl });
    undo.push(() => bus.close());
    const audit = createAuditService(tablesOf<AuditTables>(storage.db), clock);
    const keys = createKeyService(storage.db, bus, clock, audit);
    undo.push(() => keys.close());
    const limiter = await createAuthLimiter({
      limit: config.authFailureLimit,
      redisUrl: config.redisUrl,
      onError: (err) => log.warn({ err }, 'failed authentications cannot be counted (Redis); answering 401 without a limit'),
    });
    undo.push(() => limiter.close());
    const metrics = createMetrics();
    metrics.provide({ dbPool: storage.poolStats });
    bus.onReconnect(() => metrics.busReconnects.inc());
    const ctx: AppContext = {
      config,
      dialect: storage.dialect,
      bus,
      log,
      clock,
      keys,
      audit,
      auth: createAuthenticator(keys, limiter, { log: log.child({ module: 'auth' }), metrics }),
      metrics,
      ping: () => storage.ping(),
    };

    const hosting = createHostingService({
      db: tablesOf<HostingDb>(storage.db),
      audit: ctx.audit,
      auth: ctx.auth.forModule('hosting'),
      clock,
      log,
      settingsPath: config.hostingConfigPath,
      apiKey: config.hostingApiKey,
    });
    const hub = createHubService(ctx, tablesOf<HubTables>(storage.db));
    metrics.provide({ wsByKeyType: () => hub.connectionsByKeyType() });
    const apps: FastifyInstance[] = [];
    let blacklist: BlacklistService | undefined;
    // Sockets get their close frames before the HTTP servers stop, and modules close after both.
    undo.push(async () => {
      await hub.close();
      await Promise.all(apps.map((a) => closeWithGrace(a, SHUTDOWN_GRACE_MS)));
    });
    blacklist = createBlacklistService(ctx, { db: tablesOf<BlacklistTables & AuditTables>(storage.db), reader: storage.reader, hub });
    const modules: Modules = { hub, blacklist, hosting };
    const app = await buildApp(ctx, modules);
    apps.push(app);
    const dashboardApp = config.dashboardPort === undefined ? undefined : await buildApp(ctx, modules);
    if (dashboardApp) apps.push(dashboardApp);

    // Only once everything that can refuse the settings has accepted them.
    const initialAdminKey = await ensureAdminKey(ctx, options.announce ?? ((line) => process.stdout.write(`${line}\n`)));

    await bus.ready();
    await hub.ready();
    await app.listen({ host: config.host, port: config.port });
    if (dashboardApp && config.dashboardPort !== undefined) {
      await dashboardApp.listen({ host: config.host, port: config.dashboardPort });
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return { ctx, app, dashboardApp, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, initialAdminKey, db: storage.db, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Creates the first admin key on an empty key table. A generated key is announced once and
 * returned; one from INITIAL_ADMIN_KEY is only said to be installed, since its owner has it.
 */
async function ensureAdminKey(ctx: AppContext, announce: (line: string) => void): Promise<string | undefined> {
  const fromEnv = ctx.config.initialAdminKey;
  const created = await ctx.keys.ensureInitialAdmin(fromEnv);
  if (!created) return undefined;
  if (fromEnv !== undefined) {
    announce(`Installed the admin key from INITIAL_ADMIN_KEY as the first admin key (${created.id}).`);
    return undefined;
  }
  announce(`Initial admin key (shown once, store it now): ${created.key}`);
  return created.key;
}

/** `interconnect serve`: run until SIGINT/SIGTERM, then close sockets, flush writes and the database. */
export async function serve(config: Config): Promise<void> {
  let service: RunningService | undefined;
  // A bug that leaves a promise unobserved must cost one request, not every connection of the node.
  const report = (what: string) => (err: unknown) => {
    if (service) service.ctx.log.error({ err }, what);
    else process.stderr.write(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  };
  process.on('unhandledRejection', report('unhandled rejection'));
  process.on('uncaughtException', report('uncaught exception'));
  try {
    service = await startService({ config });
  } catch (err) {
    process.stderr.write(`Start-up failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const running = service;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Only once a signal would be handled: a supervisor may stop the service as soon as it reads this.
  running.ctx.log.info({ url: running.url }, 'InterConnect listening');
}

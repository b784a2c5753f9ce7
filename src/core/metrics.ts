import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the service exports at `GET /metrics`, in one place so names and labels stay
 * consistent. Each service instance has its own registry: tests run several nodes in one process,
 * and prom-client's global registry refuses a second metric of the same name.
 */
export interface Metrics {
  readonly registry: Registry;
  /** By route pattern (never the raw URL: ids would explode the label set), method and status. */
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method'>;
  /** Open WebSockets by key type, counted on collection. */
  readonly wsConnections: Gauge<'key_type'>;
  readonly eventsIngested: Counter;
  readonly eventsDelivered: Counter;
  /** Deliveries lost to subscribers too slow to keep up (their socket is closed). */
  readonly eventsDropped: Counter;
  readonly eventBatchSize: Histogram;
  readonly eventCommitSeconds: Histogram;
  /** From an event's commit to its frame being written to this node's sockets. */
  readonly fanoutLagSeconds: Histogram;
  readonly commands: Counter<'outcome'>;
  readonly authFailures: Counter<'module'>;
  readonly blacklistChecks: Counter;
  readonly blacklistHits: Counter;
  readonly busReconnects: Counter;
  /** PostgreSQL pool connections by state (total, idle, waiting); absent on SQLite. */
  readonly dbPool: Gauge<'state'>;
}

/** Sources read when Prometheus scrapes, rather than kept current on every change. */
export interface MetricSources {
  wsByKeyType?: () => Record<string, number>;
  dbPool?: () => { total: number; idle: number; waiting: number };
}

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(): Metrics & { provide(sources: MetricSources): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  const registers = [registry];
  return {
    registry,
    provide(more) {
      Object.assign(sources, more);
    },
    httpRequests: new Counter({ name: 'interconnect_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({ name: 'interconnect_http_request_duration_seconds', help: 'HTTP request latency, by route pattern and method', labelNames: ['route', 'method'], buckets: SECONDS, registers }),
    wsConnections: new Gauge({
      name: 'interconnect_ws_connections',
      help: 'Open WebSocket connections on this node, by key type',
      labelNames: ['key_type'],
      registers,
      collect() {
        this.reset();
        for (const [type, count] of Object.entries(sources.wsByKeyType?.() ?? {})) this.set({ key_type: type }, count);
      },
    }),
    eventsIngested: new Counter({ name: 'interconnect_events_ingested_total', help: 'Events stored (acknowledged to their sender)', registers }),
    eventsDelivered: new Counter({ name: 'interconnect_events_delivered_total', help: 'Event frames written to subscribers on this node', registers }),
    eventsDropped: new Counter({ name: 'interconnect_events_dropped_total', help: 'Event deliveries dropped because the subscriber was too slow (its socket is closed)', registers }),
    eventBatchSize: new Histogram({ name: 'interconnect_event_batch_size', help: 'Events written per group-commit transaction', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    eventCommitSeconds: new Histogram({ name: 'interconnect_event_commit_seconds', help: 'Time to write and commit one batch of events', buckets: SECONDS, registers }),
    fanoutLagSeconds: new Histogram({ name: 'interconnect_fanout_lag_seconds', help: 'From an event batch commit to its frames written to this node\'s subscribers', buckets: SECONDS, registers }),
    commands: new Counter({ name: 'interconnect_commands_total', help: 'Commands and power actions relayed to game servers, by outcome', labelNames: ['outcome'], registers }),
    authFailures: new Counter({ name: 'interconnect_auth_failures_total', help: 'Failed authentications, by module', labelNames: ['module'], registers }),
    blacklistChecks: new Counter({ name: 'interconnect_blacklist_checks_total', help: 'Blacklist checks answered (API queries and join enforcement)', registers }),
    blacklistHits: new Counter({ name: 'interconnect_blacklist_hits_total', help: 'Blacklist checks that found the player listed', registers }),
    busReconnects: new Counter({ name: 'interconnect_bus_reconnects_total', help: 'Times the cluster bus (Redis) connection was re-established', registers }),
    dbPool: new Gauge({
      name: 'interconnect_db_pool_connections',
      help: 'PostgreSQL pool connections by state: total, idle, waiting (clients queued for one)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = sources.dbPool?.();
        if (!pool) return;
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    }),
  };
}

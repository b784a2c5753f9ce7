/**
 * The wire contract of the service's own routes outside the modules (`GET /metrics`). Errors are
 * the hub's `{"detail": ...}`, the envelope of every path outside a module's prefix.
 */
import Type from 'typebox';

export const MetricsHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <admin key> or Bearer <METRICS_TOKEN>' })),
});

/** Prometheus's text exposition format, as prom-client writes it. */
export const MetricsText = Type.String({
  description: 'Prometheus text exposition format (version 0.0.4)',
  examples: ['# HELP interconnect_http_requests_total HTTP requests answered, by route pattern, method and status\n# TYPE interconnect_http_requests_total counter\ninterconnect_http_requests_total{route="/health",method="GET",status="200"} 3\n'],
});

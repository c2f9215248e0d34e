import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Metrics are the RED metrics (rate, errors, duration) of the HTTP server. */
export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status_code'>;
  duration: Histogram<'method' | 'route' | 'status_code'>;
}

/**
 * createMetrics builds a registry of its own (tests get a fresh one each
 * time) with Node's process metrics and the HTTP RED metrics.
 */
export function createMetrics(defaultLabels: Record<string, string> = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by route and status code',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by route and status code',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, requests, duration };
}

/**
 * metricsMiddleware observes every request once it finished. The route label
 * is the matched route pattern ("/v1/greetings/:name"), never the raw URL,
 * so the number of series stays bounded.
 */
export function metricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.duration.startTimer();
    res.on('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      const labels = { method: req.method, route, status_code: String(res.statusCode) };
      metrics.requests.inc(labels);
      end(labels);
    });
    next();
  };
}

/** metricsHandler serves the registry in the Prometheus text format. */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

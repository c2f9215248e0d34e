import cluster from 'node:cluster';

import type { Express, Request, RequestHandler } from 'express';
import {
  AggregatorRegistry,
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** Metrics are the RED metrics (rate, errors, duration) of the HTTP server. */
export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status_code'>;
  duration: Histogram<'method' | 'route' | 'status_code'>;
}

/**
 * createMetrics builds a registry of its own (tests get a fresh one each
 * time) with Node's process metrics and the HTTP RED metrics. In a cluster
 * worker the registry is also what the primary aggregates (see
 * serveClusterMetrics).
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
  if (cluster.isWorker) {
    // Constructing one installs prom-client's worker-side listener that
    // answers the primary's collection requests with this registry.
    AggregatorRegistry.setRegistries([registry]);
    new AggregatorRegistry();
  }
  return { registry, requests, duration };
}

const routeLabelKey = Symbol('routeLabel');
type Labelled = Request & { [routeLabelKey]?: string };

/**
 * recordRouteLabels makes every request of app remember its route label
 * ("/v1/greetings/:name") the moment the router matches a route, while
 * req.baseUrl still holds the mount path. Express resets req.baseUrl when
 * the request leaves a router, so reading it when an error response
 * finishes would give "/:name". Installed once on the app's request
 * prototype: nothing is added per request. onRoute hears each match (the
 * server span takes its name from it).
 */
export function recordRouteLabels(
  app: Express,
  onRoute: (req: Request, route: string) => void = () => {},
): void {
  const routeKey = Symbol('route');
  Object.defineProperty(app.request, 'route', {
    configurable: true,
    get(this: Record<symbol, unknown>) {
      return this[routeKey];
    },
    set(this: Labelled & Record<symbol, unknown>, route: { path?: unknown } | undefined) {
      this[routeKey] = route;
      if (route && typeof route.path === 'string') {
        const label = `${this.baseUrl}${route.path}`;
        this[routeLabelKey] = label;
        onRoute(this, label);
      }
    },
  });
}

/** routeLabel is the matched route pattern of req, or "unmatched" (404s). */
export function routeLabel(req: Request): string {
  return (req as Labelled)[routeLabelKey] ?? 'unmatched';
}

interface Series {
  requests: { inc(): void };
  duration: { observe(value: number): void };
}

/**
 * observer returns the function that records one finished request. The
 * label-bound children are looked up once per (method, route, status) and
 * kept: prom-client would otherwise hash the labels twice per request. The
 * route label is the matched pattern, never the raw URL, so the number of
 * series stays bounded.
 */
export function observer(
  metrics: Metrics,
): (req: Request, statusCode: number, seconds: number) => void {
  const series = new Map<string, Series>();
  return (req, statusCode, seconds) => {
    const route = routeLabel(req);
    const key = `${req.method} ${statusCode} ${route}`;
    let s = series.get(key);
    if (!s) {
      const labels = { method: req.method, route, status_code: String(statusCode) };
      s = { requests: metrics.requests.labels(labels), duration: metrics.duration.labels(labels) };
      series.set(key, s);
    }
    s.requests.inc();
    s.duration.observe(seconds);
  };
}

const askPrimary = 'metrics:aggregate';
const primaryAnswer = 'metrics:aggregated';
let nextAsk = 0;

/**
 * metricsHandler serves the registry in the Prometheus text format. In a
 * cluster worker it asks the primary for the metrics of every worker added
 * up, so successive scrapes agree whichever worker answers.
 */
export function metricsHandler(metrics: Metrics, timeoutMs = 2_000): RequestHandler {
  return async (_req, res) => {
    if (!cluster.isWorker || !process.send) {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      return;
    }
    const id = `${process.pid}:${++nextAsk}`;
    const body = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const onMessage = (msg: { type?: string; id?: string; body?: string }): void => {
        if (msg?.type === primaryAnswer && msg.id === id) finish(msg.body);
      };
      const finish = (value: string | undefined): void => {
        clearTimeout(timer);
        process.off('message', onMessage);
        resolve(value);
      };
      process.on('message', onMessage);
      process.send?.({ type: askPrimary, id });
    });
    if (body === undefined) {
      res
        .status(503)
        .type('text/plain')
        .send('the cluster primary did not aggregate metrics in time\n');
      return;
    }
    res.type(metrics.registry.contentType).send(body);
  };
}

/**
 * serveClusterMetrics runs in the cluster primary: when a worker is asked
 * for /metrics it asks here, and the primary collects every worker's
 * registry (prom-client's AggregatorRegistry: counters and histograms
 * summed) and answers that worker.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, msg: { type?: string; id?: string }) => {
    if (msg?.type !== askPrimary) return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: primaryAnswer, id: msg.id, body }),
      () => worker.send({ type: primaryAnswer, id: msg.id }),
    );
  });
}

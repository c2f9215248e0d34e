import { randomUUID } from 'node:crypto';

import { trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';

import type { Config } from './config';
import { runWithRequestContext } from './context';
import { greetingsRouter } from './controllers/greetings';
import { HttpError, errorHandler, notFoundHandler } from './errors';
import { type HealthCheck, livenessHandler, readinessHandler } from './health';
import { noStore } from './http-cache';
import { scrubUrl } from './logger';
import { type Metrics, metricsHandler, observer, recordRouteLabels } from './metrics';
import type { GreetingService } from './services/greetings';

declare module 'http' {
  interface IncomingMessage {
    /** id is the request id: the caller's X-Request-Id when well formed, else a new UUID. */
    id: string;
    /** log is the service's logger; its lines carry the request and trace ids. */
    log: Logger;
  }
}

/** AppDeps is everything the HTTP layer needs; tests pass fakes. */
export interface AppDeps {
  config: Pick<Config, 'bodyLimit' | 'rateLimit' | 'trustProxy' | 'httpCache'>;
  logger: Logger;
  metrics: Metrics;
  checks: HealthCheck[];
  isShuttingDown: () => boolean;
  services: { greetings: GreetingService };
}

// A caller's request id is kept when it looks like one; anything else is
// replaced, so log lines cannot be forged through the header.
const requestIdPattern = /^[\w.:-]{1,128}$/;
const operationalPaths = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * requestLifecycle is the one middleware every request passes first: request
 * id, request context for the logs, RED metrics and the access log line,
 * all from one closure and one 'finish' listener. The access log line holds
 * what an operator needs (method, scrubbed URL, status, duration, request
 * and trace ids), not every header.
 */
function requestLifecycle(deps: AppDeps): RequestHandler {
  const observe = observer(deps.metrics);
  const { logger } = deps;
  return (req, res, next) => {
    const start = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    req.id = id;
    req.log = logger;
    res.setHeader('x-request-id', id);
    // While draining, tell keep-alive clients to reconnect elsewhere.
    if (deps.isShuttingDown()) res.setHeader('connection', 'close');
    res.once('finish', () => {
      const ms = performance.now() - start;
      observe(req, res.statusCode, ms / 1000);
      if (operationalPaths.has(req.path)) return;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          request_id: id,
          req: { method: req.method, url: scrubUrl(req.originalUrl) },
          res: { statusCode: status },
          responseTime: Math.round(ms * 100) / 100,
        },
        'request completed',
      );
    });
    runWithRequestContext({ requestId: id }, next);
  };
}

/** createApp wires middleware, routes and error handling; it starts nothing. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  recordRouteLabels(app, (req, route) => {
    const span = trace.getActiveSpan();
    if (span?.isRecording()) {
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.updateName(`${req.method} ${route}`);
    }
  });

  app.use(requestLifecycle(deps));

  // Operational endpoints: before rate limiting and body parsing, never cached.
  app.get('/healthz', noStore, livenessHandler);
  app.get(
    '/readyz',
    noStore,
    readinessHandler({ checks: deps.checks, isShuttingDown: deps.isShuttingDown }),
  );
  app.get('/metrics', noStore, metricsHandler(deps.metrics));

  // Built once: helmet computes its header values here, not per request.
  app.use(helmet());
  // Off unless RATE_LIMIT_MAX is set: behind a load balancer every client
  // shares its address unless TRUST_PROXY names the proxy hops (runbook).
  if (deps.config.rateLimit.max > 0) {
    app.use(
      rateLimit({
        windowMs: deps.config.rateLimit.windowMs,
        limit: deps.config.rateLimit.max,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (_req, _res, next) => {
          next(new HttpError(429, 'Too Many Requests', 'rate limit exceeded; retry later'));
        },
      }),
    );
  }
  app.use(express.json({ limit: deps.config.bodyLimit }));

  app.use('/v1/greetings', greetingsRouter(deps.services.greetings, deps.config.httpCache));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

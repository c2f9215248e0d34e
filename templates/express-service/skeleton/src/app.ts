import { randomUUID } from 'node:crypto';

import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

import type { Config } from './config';
import { runWithRequestContext } from './context';
import { greetingsRouter } from './controllers/greetings';
import { HttpError, errorHandler, notFoundHandler } from './errors';
import { type HealthCheck, livenessHandler, readinessHandler } from './health';
import { noStore } from './http-cache';
import { type Metrics, metricsHandler, metricsMiddleware } from './metrics';
import type { GreetingService } from './services/greetings';

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

/** createApp wires middleware, routes and error handling; it starts nothing. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => operationalPaths.has(req.url ?? '') },
      quietReqLogger: true,
    }),
  );
  app.use((req, _res, next) => runWithRequestContext({ requestId: req.id as string }, next));
  app.use((_req, res, next) => {
    // While draining, tell keep-alive clients to reconnect elsewhere.
    if (deps.isShuttingDown()) res.setHeader('connection', 'close');
    next();
  });
  app.use(metricsMiddleware(deps.metrics));

  // Operational endpoints: before rate limiting and body parsing, never cached.
  app.get('/healthz', noStore, livenessHandler);
  app.get(
    '/readyz',
    noStore,
    readinessHandler({ checks: deps.checks, isShuttingDown: deps.isShuttingDown }),
  );
  app.get('/metrics', noStore, metricsHandler(deps.metrics));

  app.use(helmet());
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
  app.use(express.json({ limit: deps.config.bodyLimit }));

  app.use('/v1/greetings', greetingsRouter(deps.services.greetings, deps.config.httpCache));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

import { Writable } from 'node:stream';

import type { Express } from 'express';

import { type AppDeps, createApp } from '../src/app';
import { type Cache, noCache } from '../src/cache/cache';
import type { HealthCheck } from '../src/health';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/metrics';
import { GreetingService } from '../src/services/greetings';

/** LogLines collects what the logger wrote, one parsed JSON object per line. */
export class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

export interface TestApp {
  app: Express;
  logs: LogLines;
  shutdown: { shuttingDown: boolean };
}

/** testApp builds the real app with fakes for everything outside the process. */
export function testApp(
  options: { checks?: HealthCheck[]; cache?: Cache; rateLimitMax?: number } = {},
): TestApp {
  const logs = new LogLines();
  const shutdown = { shuttingDown: false };
  const deps: AppDeps = {
    config: {
      bodyLimit: '1kb',
      rateLimit: { windowMs: 60_000, max: options.rateLimitMax ?? 1_000 },
      trustProxy: 0,
      httpCache: { maxAgeSeconds: 60, staleWhileRevalidateSeconds: 300 },
    },
    logger: createLogger({ level: 'info', name: 'test' }, logs),
    metrics: createMetrics(),
    checks: options.checks ?? [],
    isShuttingDown: () => shutdown.shuttingDown,
    services: { greetings: new GreetingService(options.cache ?? noCache) },
  };
  return { app: createApp(deps), logs, shutdown };
}

export const passingCheck = (name: string): HealthCheck => ({
  name,
  check: () => Promise.resolve(),
});

export const failingCheck = (name: string, message: string): HealthCheck => ({
  name,
  check: () => Promise.reject(new Error(message)),
});

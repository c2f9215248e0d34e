import { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type { HealthCheck } from '../health';
import type { Cache } from './cache';

/** RedisClient is the part of ioredis the cache uses; tests pass a fake. */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
  ping(): Promise<string>;
}

/** createRedis connects lazily, fails commands fast while disconnected and keeps reconnecting. */
export function createRedis(
  options: { url: string; commandTimeoutMs: number },
  logger: Logger,
): Redis {
  const client = new Redis(options.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  // Log connection trouble once per outage, not once per retry.
  let healthy = true;
  client.on('error', (err: Error) => {
    if (healthy) logger.warn({ err }, 'redis unavailable; serving without cache');
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) logger.info('redis available again');
    healthy = true;
  });
  return client;
}

/**
 * RedisCache is cache-aside over Redis with a TTL per entry. Concurrent
 * requests for the same key share one read and, on a miss, one load (request
 * collapsing), so a hot key that expires costs the origin one call per
 * process, not one per request. The first caller's load is the one that runs:
 * a key must name one value. A failed load is not kept: the next call retries.
 */
export class RedisCache implements Cache {
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: RedisClient,
    private readonly logger: Logger,
    private readonly prefix = '',
  ) {}

  getOrSet<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const fullKey = this.prefix + key;
    const inFlight = this.pending.get(fullKey) as Promise<T> | undefined;
    if (inFlight) return inFlight;
    const result = this.readThrough(fullKey, ttlSeconds, load).finally(() => {
      this.pending.delete(fullKey);
    });
    this.pending.set(fullKey, result);
    return result;
  }

  private async readThrough<T>(
    fullKey: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    try {
      const hit = await this.client.get(fullKey);
      if (hit !== null) return JSON.parse(hit) as T;
    } catch (err) {
      this.logger.debug({ err, key: fullKey }, 'cache read failed');
    }
    const value = await load();
    this.client.set(fullKey, JSON.stringify(value), 'EX', ttlSeconds).catch((err: unknown) => {
      this.logger.debug({ err, key: fullKey }, 'cache write failed');
    });
    return value;
  }
}

/** redisCheck makes /readyz verify that Redis answers PING. */
export function redisCheck(client: RedisClient): HealthCheck {
  return {
    name: 'redis',
    async check() {
      await client.ping();
    },
  };
}

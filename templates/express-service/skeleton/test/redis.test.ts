import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RedisCache, type RedisClient, redisCheck } from '../src/cache/redis';
import { createLogger } from '../src/logger';

const logger = createLogger({ level: 'silent', name: 'test' });

/** fakeRedis keeps values in a map and records the TTLs it was given. */
function fakeRedis(options: { down?: boolean } = {}) {
  const values = new Map<string, string>();
  const ttls = new Map<string, number>();
  const fail = () => Promise.reject(new Error("Stream isn't writeable"));
  const client: RedisClient = {
    get: (key) => (options.down ? fail() : Promise.resolve(values.get(key) ?? null)),
    set: (key, value, _mode, seconds) => {
      if (options.down) return fail();
      values.set(key, value);
      ttls.set(key, seconds);
      return Promise.resolve('OK');
    },
    ping: () => (options.down ? fail() : Promise.resolve('PONG')),
  };
  return { client, values, ttls };
}

describe('RedisCache', () => {
  it('loads on a miss and stores the value with its TTL', async () => {
    const redis = fakeRedis();
    const cache = new RedisCache(redis.client, logger, 'svc:');
    let loads = 0;
    const load = () => Promise.resolve({ n: ++loads });
    assert.deepEqual(await cache.getOrSet('k', 30, load), { n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(redis.values.get('svc:k'), '{"n":1}');
    assert.equal(redis.ttls.get('svc:k'), 30);
    assert.deepEqual(await cache.getOrSet('k', 30, load), { n: 1 }, 'second read is a hit');
    assert.equal(loads, 1);
  });

  it('falls back to loading when Redis is down', async () => {
    const cache = new RedisCache(fakeRedis({ down: true }).client, logger);
    assert.deepEqual(await cache.getOrSet('k', 30, () => Promise.resolve('fresh')), 'fresh');
  });

  it('readiness fails when Redis does not answer', async () => {
    await assert.rejects(redisCheck(fakeRedis({ down: true }).client).check());
    await redisCheck(fakeRedis().client).check();
  });
});

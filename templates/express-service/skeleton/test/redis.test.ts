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

  it('collapses concurrent misses for a key into one load', async () => {
    const cache = new RedisCache(fakeRedis().client, logger);
    let loads = 0;
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await gate;
      return 'fresh';
    };
    const all = Promise.all(Array.from({ length: 10 }, () => cache.getOrSet('k', 30, load)));
    const other = cache.getOrSet('other', 30, load);
    release();
    assert.deepEqual(await all, Array(10).fill('fresh'));
    assert.equal(await other, 'fresh');
    assert.equal(loads, 2, 'one load per key');
  });

  it('does not keep a failed load: every waiter sees the error, the next call retries', async () => {
    const cache = new RedisCache(fakeRedis().client, logger);
    let loads = 0;
    const failing = () => {
      loads++;
      return Promise.reject(new Error('origin down'));
    };
    const results = await Promise.allSettled([
      cache.getOrSet('k', 30, failing),
      cache.getOrSet('k', 30, failing),
      cache.getOrSet('k', 30, failing),
    ]);
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.equal(loads, 1);
    assert.equal(await cache.getOrSet('k', 30, () => Promise.resolve('back')), 'back');
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

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import request from 'supertest';

import type { Cache } from '../src/cache/cache';
import { testApp } from './helpers';

describe('GET /v1/greetings/:name', () => {
  it('greets by name', async () => {
    const { app } = testApp();
    const res = await request(app).get('/v1/greetings/Ada').expect(200);
    assert.deepEqual(res.body, { message: 'Hello, Ada!' });
  });

  it('reads through the cache', async () => {
    const stored = new Map<string, unknown>();
    const cache: Cache = {
      async getOrSet<T>(key: string, _ttl: number, load: () => Promise<T>): Promise<T> {
        if (stored.has(key)) return stored.get(key) as T;
        const value = await load();
        stored.set(key, value);
        return value;
      },
    };
    const { app } = testApp({ cache });
    await request(app).get('/v1/greetings/Ada').expect(200);
    assert.deepEqual([...stored.keys()], ['greeting:ada']);
  });

  it('rejects an invalid name with problem+json', async () => {
    const { app } = testApp();
    const res = await request(app).get('/v1/greetings/%3Cscript%3E').expect(400);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.title, 'Bad Request');
    assert.equal(res.body.status, 400);
    assert.match(String(res.body.detail), /name must be/);
  });
});

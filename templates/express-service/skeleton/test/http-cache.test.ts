import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import request from 'supertest';

import { failingCheck, testApp } from './helpers';

describe('HTTP caching', () => {
  it('the example route is cacheable at the edge, with stale-while-revalidate', async () => {
    const { app } = testApp();
    const res = await request(app).get('/v1/greetings/ada').expect(200);
    assert.equal(res.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300');
    assert.match(String(res.headers.etag), /^W\/".+"$/);
  });

  it('a conditional GET with a matching ETag answers 304 without a body', async () => {
    const { app } = testApp();
    const first = await request(app).get('/v1/greetings/ada').expect(200);
    const etag = String(first.headers.etag);
    const res = await request(app).get('/v1/greetings/ada').set('if-none-match', etag).expect(304);
    assert.equal(res.text, '');
    assert.equal(res.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300');
    await request(app).get('/v1/greetings/bob').set('if-none-match', etag).expect(200);
  });

  for (const path of ['/healthz', '/readyz', '/metrics']) {
    it(`GET ${path} is never stored`, async () => {
      const { app } = testApp();
      const res = await request(app).get(path).expect(200);
      assert.equal(res.headers['cache-control'], 'no-store');
    });
  }

  it('a failing /readyz is never stored', async () => {
    const { app } = testApp({ checks: [failingCheck('redis', 'down')] });
    const res = await request(app).get('/readyz').expect(503);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('problem responses are never stored, even on a cacheable route', async () => {
    const { app } = testApp();
    const invalid = await request(app).get('/v1/greetings/%3Cscript%3E').expect(400);
    assert.equal(invalid.headers['cache-control'], 'no-store');
    const missing = await request(app).get('/nope').expect(404);
    assert.equal(missing.headers['cache-control'], 'no-store');
  });
});

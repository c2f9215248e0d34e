import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import request from 'supertest';

import { failingCheck, passingCheck, testApp } from './helpers';

describe('health', () => {
  it('GET /healthz answers 200 without checking dependencies', async () => {
    const { app } = testApp({ checks: [failingCheck('postgres', 'connection refused')] });
    const res = await request(app).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('GET /readyz answers 200 when every dependency answers', async () => {
    const { app } = testApp({ checks: [passingCheck('postgres'), passingCheck('redis')] });
    const res = await request(app).get('/readyz').expect(200);
    assert.equal(res.body.status, 'ok');
    assert.deepEqual(Object.keys(res.body.checks as object), ['postgres', 'redis']);
  });

  it('GET /readyz answers 503 naming the dependency that failed', async () => {
    const { app } = testApp({
      checks: [passingCheck('redis'), failingCheck('postgres', 'connection refused')],
    });
    const res = await request(app).get('/readyz').expect(503);
    assert.deepEqual(res.body.failed, ['postgres']);
    assert.equal(res.body.checks.postgres.error, 'connection refused');
    assert.equal(res.body.checks.redis.status, 'ok');
  });

  it('GET /readyz answers 503 when a dependency does not answer in time', async () => {
    const hanging = { name: 'redis', check: () => new Promise<void>(() => {}) };
    const { app } = testApp({ checks: [hanging] });
    const res = await request(app).get('/readyz').expect(503);
    assert.deepEqual(res.body.failed, ['redis']);
    assert.match(String(res.body.checks.redis.error), /no answer within/);
  });

  it('GET /readyz answers 503 while shutting down', async () => {
    const { app, shutdown } = testApp();
    shutdown.shuttingDown = true;
    const res = await request(app).get('/readyz').expect(503);
    assert.equal(res.body.status, 'shutting down');
  });

  it('GET /metrics exposes RED metrics by route and process metrics', async () => {
    const { app } = testApp();
    await request(app).get('/v1/greetings/ada').expect(200);
    const res = await request(app).get('/metrics').expect(200);
    assert.match(
      res.text,
      /http_request_duration_seconds_bucket\{.*route="\/v1\/greetings\/:name"/,
    );
    assert.match(
      res.text,
      /http_requests_total\{method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 1/,
    );
    assert.match(res.text, /process_cpu_seconds_total/);
  });
});

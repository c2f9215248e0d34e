import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import request from 'supertest';

import { testApp } from './helpers';

describe('errors', () => {
  it('an unknown route is a 404 problem with the request id', async () => {
    const { app } = testApp();
    const res = await request(app).get('/nope').set('x-request-id', 'req-404').expect(404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(res.body, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'no route for GET /nope',
      instance: '/nope',
      requestId: 'req-404',
    });
  });

  it('a body over the limit is a 413 problem', async () => {
    const { app } = testApp();
    const res = await request(app)
      .post('/v1/greetings/ada')
      .send({ padding: 'x'.repeat(4096) })
      .expect(413);
    assert.equal(res.body.status, 413);
  });

  it('malformed JSON is a 400 problem', async () => {
    const { app } = testApp();
    const res = await request(app)
      .post('/v1/greetings/ada')
      .set('content-type', 'application/json')
      .send('{"oops"')
      .expect(400);
    assert.equal(res.body.detail, 'the request body is not valid JSON');
  });

  it('the rate limiter answers 429 as a problem', async () => {
    const { app } = testApp({ rateLimitMax: 1 });
    await request(app).get('/v1/greetings/ada').expect(200);
    const res = await request(app).get('/v1/greetings/ada').expect(429);
    assert.equal(res.body.title, 'Too Many Requests');
  });
});

describe('request id', () => {
  it('is taken from x-request-id and is in every log line of the request', async () => {
    const { app, logs } = testApp();
    const res = await request(app)
      .get('/v1/greetings/ada')
      .set('x-request-id', 'abc-123')
      .expect(200);
    assert.equal(res.headers['x-request-id'], 'abc-123');
    const lines = logs.lines.filter((l) => l.request_id === 'abc-123');
    assert.ok(lines.length > 0, `no log line with the request id in ${JSON.stringify(logs.lines)}`);
    assert.ok(logs.lines.every((l) => l.request_id === 'abc-123'));
  });

  it('is generated when absent or malformed', async () => {
    const { app } = testApp();
    const res = await request(app)
      .get('/healthz')
      .set('x-request-id', 'bad id\twith spaces')
      .expect(200);
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('secrets are redacted from logs', async () => {
    const { app, logs } = testApp();
    await request(app).get('/v1/greetings/ada').set('authorization', 'Bearer s3cr3t').expect(200);
    const text = JSON.stringify(logs.lines);
    assert.doesNotMatch(text, /s3cr3t/);
    assert.ok(logs.lines.length > 0);
  });
});

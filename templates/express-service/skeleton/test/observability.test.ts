import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

import request from 'supertest';

import { redacted, scrub, scrubUrl } from '../src/logger';
import { testApp } from './helpers';

describe('RED metrics', () => {
  it('label errors with the full route pattern, as successes', async () => {
    const { app } = testApp();
    await request(app).get('/v1/greetings/ada').expect(200);
    await request(app).get('/v1/greetings/%3Cscript%3E').expect(400);
    await request(app).get('/no/such/route').expect(404);
    const res = await request(app).get('/metrics').expect(200);
    for (const line of [
      'http_requests_total{method="GET",route="/v1/greetings/:name",status_code="200"} 1',
      'http_requests_total{method="GET",route="/v1/greetings/:name",status_code="400"} 1',
      'http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
    ]) {
      assert.ok(res.text.includes(line), `want ${line} in\n${res.text}`);
    }
    assert.doesNotMatch(res.text, /route="\/:name"/);
  });

  it('count every request once per series', async () => {
    const { app } = testApp();
    for (let i = 0; i < 3; i++) await request(app).get('/v1/greetings/ada').expect(200);
    const res = await request(app).get('/metrics').expect(200);
    assert.match(
      res.text,
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 3/,
    );
  });
});

describe('redaction', () => {
  it('scrubs sensitive query parameters and URL passwords', () => {
    assert.equal(
      scrubUrl('/v1/x?token=abc&name=ada&password=p&api_key=k&clientSecret=s&access_token=t#frag'),
      `/v1/x?token=${redacted}&name=ada&password=${redacted}&api_key=${redacted}&clientSecret=${redacted}&access_token=${redacted}#frag`,
    );
    assert.equal(
      scrubUrl('postgres://orders:hunter2@db:5432/orders'),
      `postgres://orders:${redacted}@db:5432/orders`,
    );
    assert.equal(scrubUrl('/v1/greetings/ada'), '/v1/greetings/ada');
  });

  it('scrubs sensitive keys at any depth, headers included', () => {
    const out = JSON.stringify(
      scrub({
        headers: {
          authorization: 'Bearer a1',
          'proxy-authorization': 'Basic a2',
          cookie: 'sid=a3',
          'set-cookie': ['sid=a4'],
          'x-auth-token': 'a5',
          'x-api-key': 'a6',
          accept: 'application/json',
        },
        body: {
          user: { profile: { settings: { clientSecret: 'a7', nested: [{ password: 'a8' }] } } },
        },
        callback: 'https://example.com/cb?secret=a9',
      }),
    );
    for (let i = 1; i <= 9; i++) assert.doesNotMatch(out, new RegExp(`a${i}\\b`), out);
    assert.match(out, /application\/json/);
  });

  it('keeps secrets out of the access log and of logged objects', async () => {
    const { app, logs } = testApp();
    await request(app)
      .get('/v1/greetings/ada?token=t0ken&password=passw0rd&name=ok')
      .set('authorization', 'Bearer s3cr3t')
      .set('proxy-authorization', 'Basic pr0xy')
      .set('x-api-key', 'k3y')
      .set('cookie', 'sid=c00kie')
      .expect(200);
    const text = JSON.stringify(logs.lines);
    for (const secret of ['t0ken', 'passw0rd', 's3cr3t', 'pr0xy', 'k3y', 'c00kie']) {
      assert.doesNotMatch(text, new RegExp(secret), text);
    }
    const line = logs.lines.find((l) => l.msg === 'request completed');
    assert.ok(line, text);
    assert.equal(
      (line.req as { url: string }).url,
      `/v1/greetings/ada?token=${redacted}&password=${redacted}&name=ok`,
    );
    assert.ok(
      JSON.stringify(line).length < 400,
      `access log line is ${JSON.stringify(line).length} bytes: ${JSON.stringify(line)}`,
    );
  });
});

// A real cluster: the primary and two workers of src/server.ts, on a free port.
async function startCluster(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...process.execArgv, 'src/server.ts'], {
    env: {
      ...process.env,
      CLUSTER_WORKERS: '2',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      OTEL_SDK_DISABLED: 'true',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://u:p@127.0.0.1:1/db',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = new Set<number>();
  let listening = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.includes('"msg":"listening"')) continue;
    ports.add((JSON.parse(line) as { port: number }).port);
    if (++listening === 2) break;
  }
  assert.equal(ports.size, 1, `workers listen on one shared port, got ${[...ports].join(', ')}`);
  child.stdout.resume();
  return { child, port: [...ports][0]! };
}

describe('cluster mode', () => {
  it('every scrape shows the requests of all workers added up', { timeout: 60_000 }, async () => {
    const { child, port } = await startCluster();
    try {
      const base = `http://127.0.0.1:${port}`;
      const n = 20;
      // A new connection per request spreads them over the workers.
      for (let i = 0; i < n; i++) {
        const res = await fetch(`${base}/v1/greetings/ada`, { headers: { connection: 'close' } });
        assert.equal(res.status, 200);
      }
      const want = `http_requests_total{method="GET",route="/v1/greetings/:name",status_code="200"} ${n}`;
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${base}/metrics`, { headers: { connection: 'close' } });
        const text = await res.text();
        assert.equal(res.status, 200, text);
        assert.ok(text.includes(want), `scrape ${i}: want ${want} in\n${text}`);
      }
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

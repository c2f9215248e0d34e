import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';

import { type Closer, createShutdown } from '../src/lifecycle';
import { createLogger } from '../src/logger';
import { LogLines } from './helpers';

async function listening(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('graceful shutdown', () => {
  it('drains the request in flight, then closes resources in order', async () => {
    let release = (): void => {};
    const { server, url } = await listening((_req, res) => {
      release = () => res.end('done');
    });
    const closed: string[] = [];
    const closer = (name: string): Closer => ({
      name,
      close: () => {
        closed.push(name);
        return Promise.resolve();
      },
    });
    const shutdown = createShutdown({
      server,
      logger: createLogger({ level: 'silent', name: 'test' }),
      delayMs: 0,
      timeoutMs: 10_000,
      closers: [closer('postgres'), closer('telemetry')],
    });

    const inFlight = fetch(url);
    await once(server, 'request');
    assert.equal(shutdown.isShuttingDown(), false);
    const done = shutdown.run('SIGTERM');
    assert.equal(shutdown.isShuttingDown(), true);
    assert.deepEqual(closed, [], 'resources closed before the request drained');
    release();
    assert.equal(await (await inFlight).text(), 'done');
    assert.equal(await done, true);
    assert.deepEqual(closed, ['postgres', 'telemetry']);
    assert.equal(server.listening, false);
  });

  it('closes connections still open when the drain timeout expires', async () => {
    const { server, url } = await listening(() => {
      // never answers
    });
    const logs = new LogLines();
    const shutdown = createShutdown({
      server,
      logger: createLogger({ level: 'info', name: 'test' }, logs),
      delayMs: 0,
      timeoutMs: 20,
      closers: [],
    });
    const inFlight = fetch(url).catch((err: unknown) => err);
    await once(server, 'request');
    assert.equal(await shutdown.run('SIGTERM'), true);
    assert.ok((await inFlight) instanceof Error);
    assert.ok(logs.lines.some((l) => l.msg === 'drain timed out; closing open connections'));
  });

  it('reports a resource that failed to close', async () => {
    const { server } = await listening(() => {});
    const shutdown = createShutdown({
      server,
      logger: createLogger({ level: 'silent', name: 'test' }),
      delayMs: 0,
      timeoutMs: 1_000,
      closers: [{ name: 'redis', close: () => Promise.reject(new Error('boom')) }],
    });
    assert.equal(await shutdown.run('SIGTERM'), false);
  });
});

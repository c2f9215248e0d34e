import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

import { startTelemetry } from '../src/telemetry';

// Tracing patches http and express when they are loaded, so it starts before
// the app is imported (this file runs in its own process under node --test).
const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({
  serviceName: 'test-service',
  serviceVersion: '0.0.0-test',
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

describe('tracing', () => {
  after(() => telemetry.shutdown());

  it('a request produces a server span for its route, and its trace id is in the logs', async () => {
    const { default: request } = await import('supertest');
    const { testApp } = await import('./helpers.js');
    const { app, logs } = testApp();

    await request(app).get('/v1/greetings/ada').expect(200);

    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.kind === SpanKind.SERVER);
    assert.ok(server, `no server span among ${spans.map((s) => s.name).join(', ')}`);
    assert.equal(server.attributes['http.route'], '/v1/greetings/:name');
    assert.equal(server.resource.attributes['service.name'], 'test-service');
    const traceId = server.spanContext().traceId;
    assert.ok(
      logs.lines.some((l) => l.trace_id === traceId),
      `no log line with trace_id ${traceId}`,
    );
  });
});

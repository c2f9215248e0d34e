// Loaded before the application (`node --require ./dist/instrumentation.js`)
// so the HTTP and Express modules are patched before anything requires them.
// The exporter is configured only through the standard OTEL_* variables:
// without OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) spans are
// created for log correlation but sent nowhere, silently.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

import { startTelemetry, type Telemetry } from './telemetry';
import { serviceInfo } from './version';

function spanProcessors(env: NodeJS.ProcessEnv): SpanProcessor[] {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim() ?? 'otlp';
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (exporter === 'none' || !endpoint) return [];
  return [new BatchSpanProcessor(new OTLPTraceExporter())];
}

const disabled = process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';

/** telemetry is the process's tracing; src/server.ts shuts it down last. */
export const telemetry: Telemetry = disabled
  ? { shutdown: () => Promise.resolve() }
  : startTelemetry({
      serviceName: process.env.OTEL_SERVICE_NAME?.trim() || serviceInfo.name,
      serviceVersion: serviceInfo.version,
      spanProcessors: spanProcessors(process.env),
    });

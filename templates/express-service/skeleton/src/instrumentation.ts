// Loaded before the application (`node --require ./dist/instrumentation.js`)
// so the HTTP and Express modules are patched before anything requires them.
// The exporter is configured only through the standard OTEL_* variables:
// without OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) spans are
// created for log correlation but sent nowhere, silently.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

import { startTelemetry, type Telemetry } from './telemetry';
import { serviceInfo } from './version';

function spanProcessors(env: NodeJS.ProcessEnv): SpanProcessor[] {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim() ?? 'otlp';
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (exporter === 'none' || !endpoint) return [];
  return [new BatchSpanProcessor(new OTLPTraceExporter())];
}

// Head sampling by default: 10% of new traces are recorded and exported (a
// caller's sampling decision is kept), which keeps tracing within the
// service's performance budget; every log line still carries its trace id.
// OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG override it (always_on...).
const defaultSampleRatio = 0.1;

function sampler(env: NodeJS.ProcessEnv): Sampler | undefined {
  if (env.OTEL_TRACES_SAMPLER?.trim()) return undefined; // the SDK reads the variables
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(defaultSampleRatio) });
}

const disabled = process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';

/** telemetry is the process's tracing; src/server.ts shuts it down last. */
export const telemetry: Telemetry = disabled
  ? { shutdown: () => Promise.resolve() }
  : startTelemetry({
      serviceName: process.env.OTEL_SERVICE_NAME?.trim() || serviceInfo.name,
      serviceVersion: serviceInfo.version,
      spanProcessors: spanProcessors(process.env),
      sampler: sampler(process.env),
    });

import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion: string;
  spanProcessors: SpanProcessor[];
  /** sampler decides which traces are recorded; unset: the OTEL_TRACES_SAMPLER variables, else every trace. */
  sampler?: Sampler;
}

export interface Telemetry {
  /** shutdown flushes pending spans and stops tracing; call it last on shutdown. */
  shutdown(): Promise<void>;
}

// Probes and scrapes would drown real traffic in traces.
const untracedPaths = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * startTelemetry registers the tracer provider and the HTTP and Express
 * instrumentations. It must run before express (or http) is first required,
 * which is why src/instrumentation.ts is loaded with `node --require`.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_SERVICE_VERSION]: options.serviceVersion,
  }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: options.spanProcessors,
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  provider.register();
  const instrumentations: Instrumentation[] = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => untracedPaths.has((req.url ?? '').split('?')[0] ?? ''),
    }),
    // No Express instrumentation: it wraps every layer of every request
    // (a third of the service's throughput under load) to add spans that
    // only repeat the server span. src/app.ts names the server span by its
    // route (http.route) when the router matches one.
  ];
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations });
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}

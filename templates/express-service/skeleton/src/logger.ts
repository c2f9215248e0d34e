import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

import { currentRequestContext } from './context';
import type { LogLevel } from './config';

/** Paths that never reach the logs: credentials, cookies and personal data. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.accessToken',
  '*.refreshToken',
];

/**
 * createLogger returns a JSON logger whose every line carries the request id
 * (when serving a request) and the active trace and span ids, so a log line
 * leads to its trace.
 */
export function createLogger(
  options: { level: LogLevel; name: string },
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const fields: Record<string, string> = {};
        const ctx = currentRequestContext();
        if (ctx) fields.request_id = ctx.requestId;
        const span = trace.getActiveSpan()?.spanContext();
        if (span && span.traceId !== '00000000000000000000000000000000') {
          fields.trace_id = span.traceId;
          fields.span_id = span.spanId;
        }
        return fields;
      },
    },
    destination,
  );
}

import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

import { currentRequestContext } from './context';
import type { LogLevel } from './config';

export const redacted = '[redacted]';

/**
 * sensitiveKey matches the names of values that never reach the logs, as an
 * object key at any depth, a header or a query parameter: passwords, tokens,
 * secrets, API keys, credentials, cookies and authorization headers
 * (clientSecret, x-auth-token, proxy-authorization, set-cookie, api_key...).
 */
export const sensitiveKey =
  /pass(word|wd|phrase)?$|secret|token|api[-_]?key|auth(orization)?$|cookie|credential|private[-_]?key|session[-_]?id|signature/i;

// userinfo in a URL: scheme://user:password@host
const urlPassword = /(\/\/[^/?#@:]*):[^/?#@]*@/;

/**
 * scrubUrl replaces the values of sensitive query parameters and the
 * password of a URL's userinfo; anything else is kept as it was.
 */
export function scrubUrl(url: string): string {
  let out = url.includes('@') ? url.replace(urlPassword, `$1:${redacted}@`) : url;
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const query = out.slice(q + 1, hash < 0 ? undefined : hash);
  const scrubbed = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the raw name
      }
      return sensitiveKey.test(decoded) ? `${name}=${redacted}` : pair;
    })
    .join('&');
  out = `${out.slice(0, q + 1)}${scrubbed}${hash < 0 ? '' : out.slice(hash)}`;
  return out;
}

const maxDepth = 12;

/**
 * scrub returns value with every sensitive key's value replaced, at any
 * depth (objects and arrays), and URLs in strings scrubbed. Errors, buffers
 * and other class instances are left to their serializers.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.includes('?') || value.includes('@') ? scrubUrl(value) : value;
  }
  if (value === null || typeof value !== 'object' || depth >= maxDepth) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    // Headers objects of node:http have a null prototype; Errors keep their
    // own serializer but their plain own fields (config, response...) are scrubbed.
    if (!(value instanceof Error)) return value;
  }
  const out: Record<string, unknown> =
    value instanceof Error ? (Object.create(value) as Record<string, unknown>) : {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    out[key] =
      sensitiveKey.test(key) && v !== undefined && v !== null ? redacted : scrub(v, depth + 1);
  }
  return out;
}

/**
 * createLogger returns a JSON logger whose every line carries the request id
 * (when serving a request) and the active trace and span ids, so a log line
 * leads to its trace. Every line is scrubbed of secrets at any depth.
 */
export function createLogger(
  options: { level: LogLevel; name: string },
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
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
    // Asynchronous: lines written while a write is in flight go out together,
    // not one write(2) each, and nothing waits at low traffic. pino flushes
    // what is pending on exit.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * HttpError is an error the client caused or may act on. Anything else thrown
 * on the request path is a 500 whose details stay in the logs.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly type = 'about:blank',
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }
}

export const badRequest = (detail: string) => new HttpError(400, 'Bad Request', detail);
export const notFound = (detail: string) => new HttpError(404, 'Not Found', detail);

/** Problem is an RFC 9457 problem details body (application/problem+json). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
}

// body-parser marks its errors with a status and a type.
interface ParserError {
  status?: number;
  type?: string;
}

function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  const parser = err as ParserError;
  if (parser && typeof parser.status === 'number' && typeof parser.type === 'string') {
    switch (parser.type) {
      case 'entity.too.large':
        return new HttpError(413, 'Content Too Large', 'the request body is larger than allowed');
      case 'entity.parse.failed':
        return new HttpError(400, 'Bad Request', 'the request body is not valid JSON');
      default:
        if (parser.status >= 400 && parser.status < 500) {
          return new HttpError(parser.status, 'Bad Request', 'the request body could not be read');
        }
    }
  }
  return undefined;
}

/** notFoundHandler answers every route nobody handled. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`no route for ${req.method} ${req.path}`));
};

/** errorHandler turns every error into an uncacheable problem+json and logs server faults. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toHttpError(err);
    const problem: Problem = known
      ? { type: known.type, title: known.title, status: known.status, detail: known.detail }
      : {
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
          detail: 'an unexpected error occurred; the request id identifies it in the logs',
        };
    problem.instance = req.originalUrl;
    const requestId = res.getHeader('x-request-id');
    if (typeof requestId === 'string') problem.requestId = requestId;
    if (problem.status >= 500) {
      (req.log ?? logger).error({ err }, 'request failed');
    }
    // A cached error would outlive its cause, at the edge as well as here.
    res.setHeader('cache-control', 'no-store');
    res.status(problem.status).type('application/problem+json').json(problem);
  };
}

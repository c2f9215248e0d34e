import { AsyncLocalStorage } from 'node:async_hooks';

/** RequestContext is what every log line written while serving a request carries. */
export interface RequestContext {
  requestId: string;
}

// One store for the process: AsyncLocalStorage follows the request through
// every await, so services log with the request id without passing it around.
const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

import type { Server } from 'node:http';

import type { Logger } from 'pino';

/** Closer is a resource released on shutdown, after the server drained (pools, clients, exporters). */
export interface Closer {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** delayMs keeps serving after /readyz turned 503, so load balancers stop routing here first. */
  delayMs: number;
  /** timeoutMs bounds the drain; connections still open then are closed. */
  timeoutMs: number;
  closers: Closer[];
}

export interface Shutdown {
  isShuttingDown(): boolean;
  /** run drains the server and closes every resource; it resolves to true when all of it went cleanly. */
  run(reason: string): Promise<boolean>;
}

/**
 * createShutdown returns the graceful shutdown sequence: readiness fails,
 * the server stops accepting, in-flight requests drain for at most
 * timeoutMs, then every closer runs in order. Calling run twice returns the
 * same promise.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  let running: Promise<boolean> | undefined;
  const { server, logger } = options;

  const drain = async (): Promise<boolean> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections go as soon as they are idle: now, or once their
    // request in flight has been answered.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), options.timeoutMs);
    });
    const forced = await Promise.race([closed.then(() => false), timedOut]);
    clearTimeout(timer);
    clearInterval(sweep);
    if (forced) {
      logger.warn({ timeoutMs: options.timeoutMs }, 'drain timed out; closing open connections');
      server.closeAllConnections();
      await closed;
    }
    return !forced;
  };

  const run = async (reason: string): Promise<boolean> => {
    logger.info({ reason }, 'shutting down');
    if (options.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    }
    const drained = await drain();
    let clean = true;
    for (const closer of options.closers) {
      try {
        await closer.close();
      } catch (err) {
        clean = false;
        logger.error({ err, resource: closer.name }, 'close failed');
      }
    }
    logger.info({ drained, clean }, 'shutdown complete');
    return clean;
  };

  return {
    isShuttingDown: () => running !== undefined,
    run(reason) {
      running ??= run(reason);
      return running;
    },
  };
}

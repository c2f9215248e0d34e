import cluster, { type Worker } from 'node:cluster';

import type { Logger } from 'pino';

import { serveClusterMetrics } from './metrics';

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** shutdownTimeoutMs is the workers' drain timeout; the primary waits a little longer. */
  shutdownTimeoutMs: number;
}

// A worker that dies this soon after starting is crashing at start-up:
// restarting it at once would spin, so restarts back off.
const quickDeathMs = 5_000;

/**
 * runPrimary forks the workers (each one runs the whole server and shares the
 * port), restarts any worker that dies, and on SIGTERM/SIGINT forwards the
 * signal and waits for every worker to drain before exiting.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  let stopping = false;
  let backoffMs = 0;
  const started = new Map<number, number>();

  const fork = (): void => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };

  cluster.on('exit', (worker: Worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('all workers stopped');
        process.exit(0);
      }
      return;
    }
    backoffMs = lived < quickDeathMs ? Math.min(Math.max(backoffMs * 2, 500), 30_000) : 0;
    logger.error(
      { workerPid: worker.process.pid, code, signal, restartInMs: backoffMs },
      'worker died; restarting',
    );
    setTimeout(fork, backoffMs).unref();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, options.shutdownTimeoutMs + 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  // Workers ask here for /metrics: one scrape sees every worker's counts.
  serveClusterMetrics();
  logger.info({ workers: options.workers }, 'starting workers');
  for (let i = 0; i < options.workers; i++) fork();
}

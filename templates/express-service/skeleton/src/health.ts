import type { RequestHandler } from 'express';

/**
 * HealthCheck is one dependency /readyz verifies. check() rejects (or
 * times out) when the dependency cannot serve.
 */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadinessOptions {
  checks: HealthCheck[];
  /** isShuttingDown makes /readyz fail as soon as shutdown starts, so load balancers stop sending traffic. */
  isShuttingDown: () => boolean;
  timeoutMs?: number;
}

type Status = 'ok' | 'failed';

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** livenessHandler answers /healthz: the process is up. It checks nothing else, on purpose. */
export const livenessHandler: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};

/**
 * readinessHandler answers /readyz: 200 when every dependency answers, 503
 * naming each one that does not, and 503 while shutting down.
 */
export function readinessHandler(options: ReadinessOptions): RequestHandler {
  const timeoutMs = options.timeoutMs ?? 1_000;
  return async (req, res) => {
    if (options.isShuttingDown()) {
      res.status(503).json({ status: 'shutting down', checks: {} });
      return;
    }
    const results = await Promise.all(
      options.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), timeoutMs);
          return { name: c.name, status: 'ok' as Status };
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          req.log?.warn({ dependency: c.name, err }, 'readiness check failed');
          return { name: c.name, status: 'failed' as Status, error: message };
        }
      }),
    );
    const failed = results.filter((r) => r.status === 'failed').map((r) => r.name);
    const checks = Object.fromEntries(results.map(({ name, ...rest }) => [name, rest]));
    if (failed.length > 0) {
      res.status(503).json({ status: 'unavailable', failed, checks });
      return;
    }
    res.json({ status: 'ok', checks });
  };
}

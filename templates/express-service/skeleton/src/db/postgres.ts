import { Pool, type QueryResultRow } from 'pg';
import type { Logger } from 'pino';

import type { HealthCheck } from '../health';
import { serviceInfo } from '../version';

/** Queryable is the part of a pg Pool the service uses; tests pass a fake. */
export interface Queryable {
  query<R extends QueryResultRow>(config: {
    name: string;
    text: string;
    values?: unknown[];
  }): Promise<{ rows: R[] }>;
}

/** createPool builds the connection pool; it connects on first use. */
export function createPool(
  options: {
    url: string;
    poolMax: number;
    idleTimeoutMs: number;
    connectionTimeoutMs: number;
    statementTimeoutMs: number;
  },
  logger: Logger,
): Pool {
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolMax,
    idleTimeoutMillis: options.idleTimeoutMs,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    application_name: serviceInfo.name,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres client failed'));
  return pool;
}

/**
 * query runs a named (prepared) statement: Postgres plans it once per
 * connection and the values never touch the SQL text.
 */
export async function query<R extends QueryResultRow>(
  db: Queryable,
  name: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const result = await db.query<R>({ name, text, values });
  return result.rows;
}

/** postgresCheck makes /readyz verify that the database answers. */
export function postgresCheck(db: Queryable): HealthCheck {
  return {
    name: 'postgres',
    async check() {
      await query(db, 'readiness-ping', 'SELECT 1');
    },
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type Queryable, postgresCheck, query } from '../src/db/postgres';

/** fakeDb records the statements it was given and answers with rows. */
function fakeDb(rows: object[] = [], error?: Error) {
  const seen: { name: string; text: string; values?: unknown[] }[] = [];
  const db: Queryable = {
    query: <R>(config: { name: string; text: string; values?: unknown[] }) => {
      seen.push(config);
      return error ? Promise.reject(error) : Promise.resolve({ rows: rows as R[] });
    },
  };
  return { db, seen };
}

describe('postgres', () => {
  it('query runs a named prepared statement with its values', async () => {
    const { db, seen } = fakeDb([{ id: 1 }]);
    const rows = await query<{ id: number }>(
      db,
      'user-by-id',
      'SELECT id FROM users WHERE id = $1',
      [1],
    );
    assert.deepEqual(rows, [{ id: 1 }]);
    assert.deepEqual(seen, [
      { name: 'user-by-id', text: 'SELECT id FROM users WHERE id = $1', values: [1] },
    ]);
  });

  it('readiness fails when the database does not answer', async () => {
    const { db } = fakeDb([], new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    await assert.rejects(postgresCheck(db).check(), /ECONNREFUSED/);
  });

  it('readiness passes when SELECT 1 answers', async () => {
    const { db, seen } = fakeDb([{ '?column?': 1 }]);
    await postgresCheck(db).check();
    assert.equal(seen[0]?.text, 'SELECT 1');
  });
});

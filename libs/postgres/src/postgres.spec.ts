import { join } from 'node:path';
import { createPool, databaseName, lockTableWhileActive, migrate, withTransaction } from './index';
import { createTestDatabase } from './testing';
import type { TestDatabase } from './testing';

describe('@faultline/postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres_lib');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates a missing database, migrates it once and reports what it applied', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'test' });
    try {
      const dir = join(__dirname, 'fixtures/migrations');
      expect(await migrate({ pool, dir })).toEqual(['001_widgets']);
      expect(await migrate({ pool, dir })).toEqual([]);
      const { rows } = await pool.query<{ name: string }>('SELECT name FROM widgets');
      expect(rows).toEqual([{ name: 'first' }]);
    } finally {
      await pool.end();
    }
  });

  it('rolls a transaction back when the work throws', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'test' });
    try {
      await expect(
        withTransaction(pool, async (client) => {
          await client.query(`INSERT INTO widgets VALUES (2, 'second')`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      const { rows } = await pool.query('SELECT id FROM widgets WHERE id = 2');
      expect(rows).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('makes queries on a table genuinely slow while a lock fault is active, and stops', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'test', max: 4 });
    try {
      const stop = lockTableWhileActive(pool, 'widgets')({ probability: 1, params: { ms: 400 } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await pool.query('SELECT name FROM widgets');
      const waited = Date.now() - started;
      stop();
      expect(waited).toBeGreaterThanOrEqual(150);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const quick = Date.now();
      await pool.query('SELECT name FROM widgets');
      expect(Date.now() - quick).toBeLessThan(100);
    } finally {
      await pool.end();
    }
  });

  it('refuses a database name it could not quote safely', () => {
    expect(() => databaseName('postgres://h/bad";drop')).toThrow(/not a database name/);
    expect(databaseName('postgres://postgres@127.0.0.1:5432/orders')).toBe('orders');
  });
});

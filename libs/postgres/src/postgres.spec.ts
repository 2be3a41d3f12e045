import { join } from 'node:path';
import { createPool, databaseName, migrate, withTransaction } from './index';
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

  it('refuses a database name it could not quote safely', () => {
    expect(() => databaseName('postgres://h/bad";drop')).toThrow(/not a database name/);
    expect(databaseName('postgres://postgres@127.0.0.1:5432/orders')).toBe('orders');
  });
});

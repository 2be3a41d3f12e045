import { join } from 'node:path';
import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp, LogCapture } from '@faultline/instrumented/testing';
import { createPool, openDatabase } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { createApp } from './app';
import { composeCatalog } from './compose';

const answer = async (url: string) => {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    text: await res.text(),
  };
};

describe('catalog when its database is unavailable', () => {
  let logs: LogCapture;
  const start = async (pool: Pool): Promise<ListeningApp> => {
    logs = captureLogs();
    const logger = createLogger({ service: 'catalog', destination: logs.destination });
    return listenForTest(
      createApp({ pool, logger, metrics: freshMetrics(), catalog: composeCatalog(pool) }),
    );
  };

  it('answers 503 problem+json with Retry-After, naming the database but never the driver text', async () => {
    const pool = createPool({
      connectionString: 'postgres://postgres@127.0.0.1:1/catalog',
      applicationName: 'catalog-test',
    });
    const app = await start(pool);
    try {
      const products = await answer(`${app.url}/products`);
      expect(products.status).toBe(503);
      expect(products.type).toMatch(/application\/problem\+json/);
      expect(Number(products.retryAfter)).toBeGreaterThan(0);
      expect(JSON.parse(products.text)).toMatchObject({
        code: 'dependency_unavailable',
        detail: expect.stringMatching(/postgres/),
      });
      const ready = await answer(`${app.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.text).toMatch(/postgres/);
      for (const text of [products.text, ready.text]) {
        expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
      }
    } finally {
      await app.close();
      await pool.end();
    }
  });

  describe('after a failover ends every session', () => {
    let db: TestDatabase;
    let pool: Pool;
    let app: ListeningApp;
    beforeAll(async () => {
      db = await createTestDatabase('catalog_cut');
      pool = await openDatabase({
        connectionString: db.url,
        applicationName: 'catalog-cut',
        migrationsDir: join(__dirname, '..', 'migrations'),
      });
      app = await start(pool);
    });
    afterAll(async () => {
      await app.close();
      await pool.end();
      await db.drop();
    });

    it('stays up and ready, and serves the next request on a fresh connection', async () => {
      expect((await answer(`${app.url}/products`)).status).toBe(200);
      const admin = createPool({ connectionString: db.url, applicationName: 'admin', max: 1 });
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n
           FROM pg_stat_activity WHERE application_name = 'catalog-cut'`,
      );
      await admin.end();
      expect(rows[0]?.n).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await answer(`${app.url}/products`)).status).toBe(200);
      expect((await answer(`${app.url}/health/ready`)).status).toBe(200);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from './database';

/** The server tests use: FAULTLINE_TEST_POSTGRES_URL or the local default. */
export const TEST_SERVER_URL =
  process.env['FAULTLINE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates a database of the test's own (e.g. `test_inventory_3f9a…`), to be dropped after. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/test_${prefix}_${randomBytes(4).toString('hex')}`;
  const connectionString = url.toString();
  await ensureDatabase(connectionString);
  return { url: connectionString, drop: () => dropDatabase(connectionString) };
}

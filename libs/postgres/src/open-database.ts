import { ensureDatabase } from './database';
import { migrate } from './migrate';
import { createPool } from './pool';
import type { Pool } from './pool';

export interface OpenDatabaseOptions {
  connectionString: string;
  applicationName: string;
  migrationsDir: string;
  poolSize?: number;
  log?: (message: string) => void;
  /** Told about connections that break while idle (the pool replaces them). */
  onIdleError?: (error: Error) => void;
}

/**
 * What every service does with its database at start: create it if the server is empty, open a
 * pool, and apply pending migrations.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Pool> {
  if (await ensureDatabase(options.connectionString)) {
    options.log?.(`created database ${new URL(options.connectionString).pathname.slice(1)}`);
  }
  const pool = createPool({
    connectionString: options.connectionString,
    applicationName: options.applicationName,
    max: options.poolSize,
    onIdleError: options.onIdleError,
  });
  try {
    await migrate({ pool, dir: options.migrationsDir, log: options.log });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

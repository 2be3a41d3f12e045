import { ensureDatabase } from './database';
import { migrate } from './migrate';
import { createPool } from './pool';
import type { Pool } from './pool';

export interface OpenDatabaseOptions {
  connectionString: string;
  applicationName: string;
  migrationsDir: string;
  poolSize?: number;
  /**
   * Where start-up steps (database created, migrations applied) and broken connections are
   * reported; a pino logger fits.
   */
  logger?: DatabaseLogger;
}

/** The two logger methods openDatabase uses (structural, so this library needs no logger package). */
export interface DatabaseLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * What every service does with its database at start: create it if the server is empty, open a
 * pool, and apply pending migrations.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Pool> {
  const { logger } = options;
  const log = (message: string): void => {
    logger?.info({ event: 'database_migrated' }, message);
  };
  if (await ensureDatabase(options.connectionString)) {
    log(`created database ${new URL(options.connectionString).pathname.slice(1)}`);
  }
  const pool = createPool({
    connectionString: options.connectionString,
    applicationName: options.applicationName,
    max: options.poolSize,
    onConnectionError: (error) => {
      logger?.warn({ event: 'database_connection_lost', error }, 'a database connection broke');
    },
  });
  try {
    await migrate({ pool, dir: options.migrationsDir, log });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

export { databaseName, dropDatabase, ensureDatabase, maintenanceUrl } from './database';
export { holdTableLocks } from './lock-contention';
export type { LockContentionOptions } from './lock-contention';
export { migrate } from './migrate';
export { openDatabase } from './open-database';
export type { DatabaseLogger, OpenDatabaseOptions } from './open-database';
export type { MigrateOptions } from './migrate';
export { createPool, withTransaction } from './pool';
export type { Pool, PoolClient, PoolOptions } from './pool';

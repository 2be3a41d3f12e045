export { databaseName, dropDatabase, ensureDatabase, maintenanceUrl } from './database';
export { holdTableLocks, lockTableWhileActive } from './lock-contention';
export type { LockContentionOptions, LockFaultRule } from './lock-contention';
export { migrate } from './migrate';
export { openDatabase } from './open-database';
export type { DatabaseLogger, OpenDatabaseOptions } from './open-database';
export type { MigrateOptions } from './migrate';
export { createPool, withTransaction } from './pool';
export type { Pool, PoolClient, PoolOptions } from './pool';

import {
  faultAdminTokenField,
  hostField,
  logLevelField,
  portField,
  postgresUrlField,
} from '@faultline/instrumented';

/**
 * The settings every Faultline service with a database reads, in the shape runFaultlineService
 * needs: PORT (its default port), HOST, DATABASE_URL (its own database on the local PostgreSQL),
 * LOG_LEVEL and FAULT_ADMIN_TOKEN. Spread into the service's zod object beside its own settings.
 */
export const serviceConfigFields = (defaults: { port: number; database: string }) => ({
  PORT: portField(defaults.port),
  HOST: hostField(),
  DATABASE_URL: postgresUrlField(`postgres://postgres@127.0.0.1:5432/${defaults.database}`),
  LOG_LEVEL: logLevelField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
});

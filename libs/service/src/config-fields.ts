import {
  booleanField,
  faultAdminTokenField,
  hostField,
  logLevelField,
  portField,
  postgresUrlField,
} from '@faultline/instrumented';

/**
 * The settings every Faultline service with a database reads, in the shape runFaultlineService
 * needs: PORT (its default port), HOST, DATABASE_URL (its own database on the local PostgreSQL),
 * LOG_LEVEL, FAULT_ADMIN_TOKEN and EXPOSE_FAULT_METRICS. Spread into the service's zod object
 * beside its own settings.
 */
export const serviceConfigFields = (defaults: { port: number; database: string }) => ({
  PORT: portField(defaults.port),
  HOST: hostField(),
  DATABASE_URL: postgresUrlField(`postgres://postgres@127.0.0.1:5432/${defaults.database}`),
  LOG_LEVEL: logLevelField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
  /**
   * `true` on the host's stack only (infra/compose/instructor.yaml): /metrics then shows
   * faultline_fault_active{point,kind}, the Instructor dashboard's answer sheet. Off by default,
   * so an attendee cannot read a mystery's answer in Explore.
   */
  EXPOSE_FAULT_METRICS: booleanField(false),
});

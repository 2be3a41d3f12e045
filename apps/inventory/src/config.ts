import {
  faultAdminTokenField,
  hostField,
  logLevelField,
  millisecondsField,
  parseConfig,
  portField,
  postgresUrlField,
  serviceTokenField,
} from '@faultline/instrumented';
import { z } from 'zod';

const schema = z.object({
  PORT: portField(3002),
  HOST: hostField(),
  DATABASE_URL: postgresUrlField('postgres://postgres@127.0.0.1:5432/inventory'),
  LOG_LEVEL: logLevelField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
  SERVICE_TOKEN: serviceTokenField(),
  /** How often lapsed pending reservations are expired and their stock returned. */
  RESERVATION_SWEEP_INTERVAL_MS: millisecondsField(5000).pipe(
    z.number().min(1, 'expected at least 1 millisecond'),
  ),
});

export type InventoryConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<InventoryConfig> =>
  parseConfig(schema, env);

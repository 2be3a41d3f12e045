import {
  faultAdminTokenField,
  hostField,
  logLevelField,
  parseConfig,
  portField,
  postgresUrlField,
} from '@faultline/instrumented';
import { z } from 'zod';

const schema = z.object({
  PORT: portField(3001),
  HOST: hostField(),
  DATABASE_URL: postgresUrlField('postgres://postgres@127.0.0.1:5432/catalog'),
  LOG_LEVEL: logLevelField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
});

export type CatalogConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<CatalogConfig> =>
  parseConfig(schema, env);

import { parseConfig } from '@faultline/instrumented';
import { serviceConfigFields } from '@faultline/service';
import { z } from 'zod';

const schema = z.object(serviceConfigFields({ port: 3001, database: 'catalog' }));

export type CatalogConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<CatalogConfig> =>
  parseConfig(schema, env);

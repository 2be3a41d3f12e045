import { millisecondsField, parseConfig, serviceTokenField } from '@faultline/instrumented';
import { serviceConfigFields } from '@faultline/service';
import { z } from 'zod';

const schema = z.object({
  ...serviceConfigFields({ port: 3002, database: 'inventory' }),
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

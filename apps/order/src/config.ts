import {
  httpUrlField,
  localOnlyDefault,
  millisecondsField,
  parseConfig,
  serviceTokenField,
} from '@faultline/instrumented';
import { serviceConfigFields } from '@faultline/service';
import { z } from 'zod';

/**
 * Published here, so for local and workshop runs only: outside those, start-up refuses it
 * (localOnlyDefault). Compose and any shared deployment set their own CARD_VAULT_KEY.
 */
const DEV_CARD_VAULT_KEY = '6661756c746c696e652d6465762d6f6e6c792d6361726476617566742d6b6579';

const count = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(1, 'expected 1 or more')
    .default(fallback);

const schema = z.object({
  ...serviceConfigFields({ port: 3003, database: 'orders' }),
  SERVICE_TOKEN: serviceTokenField(),
  CATALOG_URL: httpUrlField('http://127.0.0.1:3001'),
  INVENTORY_URL: httpUrlField('http://127.0.0.1:3002'),
  PAYMENT_URL: httpUrlField('http://127.0.0.1:3004'),
  DOWNSTREAM_TIMEOUT_MS: millisecondsField(2000),
  PAYMENT_TIMEOUT_MS: millisecondsField(2000),
  PAYMENT_BREAKER_VOLUME_THRESHOLD: count(10),
  PAYMENT_BREAKER_RESET_MS: millisecondsField(10_000),
  RESERVATION_TTL_SECONDS: count(1800),
  RETRY_WORKER_INTERVAL_MS: millisecondsField(1000),
  RETRY_BASE_DELAY_MS: millisecondsField(2000),
  RETRY_MAX_DELAY_MS: millisecondsField(60_000),
  PAYMENT_MAX_ATTEMPTS: count(8),
  /** An in-flight order untouched this long was left by a crash; the worker takes it over. */
  STALE_CHECKOUT_MS: millisecondsField(60_000),
  CARD_VAULT_KEY: localOnlyDefault(
    z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters (a 256-bit key)'),
    DEV_CARD_VAULT_KEY,
  ),
});

export type OrderConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<OrderConfig> =>
  parseConfig(schema, env);

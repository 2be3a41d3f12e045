import { millisecondsField, parseConfig, serviceTokenField } from '@faultline/instrumented';
import { serviceConfigFields } from '@faultline/service';
import { z } from 'zod';
import { DEV_VERSION, PAYMENT_VERSIONS } from './domain/releases';

const schema = z.object({
  ...serviceConfigFields({ port: 3004, database: 'payments' }),
  SERVICE_TOKEN: serviceTokenField(),
  /**
   * The release this process runs (service.version on its spans, logs and target_info): each
   * release's code is chosen at start (domain/releases.ts); `dev`, the working tree, runs as the
   * stable 0.1.0.
   */
  SERVICE_VERSION: z
    .enum(PAYMENT_VERSIONS, { error: `must be one of ${PAYMENT_VERSIONS.join(', ')}` })
    .default(DEV_VERSION),
  /** Median latency of the simulated card gateway; its tail is log-normal. */
  GATEWAY_LATENCY_MEDIAN_MS: millisecondsField(20),
  /** sha256 rounds per fraud score: the default of 1000 measured about 1 ms of CPU. */
  FRAUD_WORK_ITERATIONS: z.coerce
    .number({ error: 'expected a number of iterations' })
    .int('expected a whole number of iterations')
    .min(1, 'expected at least one iteration')
    .max(10_000_000, 'expected at most 10000000 iterations')
    .default(1000),
  /** A payment held this long by a request that never finished (a crash) may be taken over. */
  STALE_PROCESSING_MS: millisecondsField(30_000),
  /** Pause between reconciliation runs (captured payments checked against the gateway's ledger). */
  RECONCILE_INTERVAL_MS: z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    // Each run queries the database: a zero interval would query it without pause.
    .min(100, 'expected at least 100 milliseconds')
    .default(30_000),
  /** A payment captured less recently than this may still be on its way into the gateway's ledger. */
  RECONCILE_GRACE_MS: millisecondsField(10_000),
});

export type PaymentConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<PaymentConfig> =>
  parseConfig(schema, env);

import {
  hostField,
  httpUrlField,
  logLevelField,
  parseConfig,
  portField,
} from '@faultline/instrumented';
import { z } from 'zod';

/** A duration of at least `min` milliseconds: a loop or a timeout of 0 would spin or never wait. */
const duration = (fallback: number, min: number) =>
  z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .min(min, `expected at least ${min} milliseconds`)
    .default(fallback);

const schema = z.object({
  PORT: portField(3005),
  HOST: hostField(),
  LOG_LEVEL: logLevelField(),
  /** The shop's public checkout, where the synthetic checkout places its orders. */
  ORDER_URL: httpUrlField('http://127.0.0.1:3003'),
  /** Pause between the end of one synthetic checkout and the start of the next. */
  SYNTHETIC_INTERVAL_MS: duration(30_000, 100),
  /** A synthetic checkout with no answer by then counts as failed (and its request is aborted). */
  SYNTHETIC_TIMEOUT_MS: duration(10_000, 100),
  /** Silence from the Watchdog (receiver `deadman`) this long trips the dead man's switch. */
  DEADMAN_TIMEOUT_MS: duration(300_000, 100),
  /**
   * The runbooks served at /runbooks/<alert> (docs/runbooks/*.md), read once at start. Unset: the
   * repository's, served when they are there (a warning when not). Set: the folder must read, or
   * the watcher does not start.
   */
  RUNBOOKS_DIR: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined)),
  /** How many Alertmanager notifications the pager keeps (the oldest go first). */
  NOTIFICATIONS_KEPT: z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(1, 'expected 1 or more')
    .max(10_000, 'expected at most 10000')
    .default(100),
});

export type WatcherConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<WatcherConfig> =>
  parseConfig(schema, env);

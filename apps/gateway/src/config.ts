import { RoomListError, parseRoomStacks } from '@faultline/fault-admin';
import {
  booleanField,
  faultAdminTokenField,
  hostField,
  httpUrlField,
  logLevelField,
  parseConfig,
  portField,
  serviceTokenField,
} from '@faultline/instrumented';
import { z } from 'zod';

/** A duration of at least 100 ms: an upstream given less would fail every call. */
const duration = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .min(100, 'expected at least 100 milliseconds')
    .default(fallback);

/** Requests a client may make per second on average (fractions allowed: 0.5 is one every 2 s). */
const perSecond = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a number of requests per second' })
    .positive('expected more than 0 requests per second')
    .max(100_000, 'expected at most 100000 requests per second')
    .default(fallback);

/** Requests a client may make at once, before the rate applies. */
const burst = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a whole number of requests' })
    .int('expected a whole number of requests')
    .min(1, 'expected 1 or more requests')
    .max(1_000_000, 'expected at most 1000000 requests')
    .default(fallback);

/** An origin as browsers send it: scheme, host and optional port; no path, no trailing slash. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

const origins = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
      .filter((origin) => origin !== ''),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(ORIGIN, 'expected origins such as https://shop.example.com, separated by commas'),
    ),
  );

/**
 * The room's other stacks, written as the CLI's --hosts and FAULTLINE_HOSTS write a room: hosts
 * (each gateway on port 8080) or name=http://host:port, separated by commas. None by default.
 */
const controlStacks = z
  .string()
  .default('')
  .transform((value, ctx) => {
    try {
      return parseRoomStacks(value);
    } catch (error) {
      if (!(error instanceof RoomListError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: value });
      return z.NEVER;
    }
  });

const schema = z.object({
  PORT: portField(8080),
  HOST: hostField(),
  LOG_LEVEL: logLevelField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
  /** Sent to inventory (X-Service-Token) to read stock levels; the services' own token. */
  SERVICE_TOKEN: serviceTokenField(),
  CATALOG_URL: httpUrlField('http://127.0.0.1:3001'),
  INVENTORY_URL: httpUrlField('http://127.0.0.1:3002'),
  ORDER_URL: httpUrlField('http://127.0.0.1:3003'),
  /** Only for the control room: its proxy to payment's /admin/faults (the shop never calls it). */
  PAYMENT_URL: httpUrlField('http://127.0.0.1:3004'),
  /**
   * The fault scenarios the control room offers (scenarios/*.yaml), read once at start. Unset: the
   * repository's, offered when they are there (a warning when not). Set: they must load, or the
   * gateway does not start.
   */
  SCENARIOS_DIR: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined)),
  /**
   * The storefront's build output. Unset: apps/storefront/dist, served when it is there (a warning
   * when not). Set: it must hold an index.html, or the gateway does not start.
   */
  STOREFRONT_DIR: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined)),
  /**
   * The other stacks of a workshop room (one per group) the control room reaches too, through
   * their gateways' /control/api with the host's token: `10.0.0.11,10.0.0.12` (port 8080 of each)
   * or `group-a=http://10.0.0.11:8080,…`. A bad entry stops start-up naming it.
   */
  CONTROL_STACKS: controlStacks,
  /**
   * This stack's Prometheus, with its admin API on (--web.enable-admin-api): the control room's
   * reset then deletes the shop's series too. Unset: a reset says the series were kept.
   */
  CONTROL_PROMETHEUS_URL: httpUrlField().optional(),
  /**
   * `true` on the host's stack only: /metrics then shows faultline_fault_active{point,kind}, the
   * Instructor dashboard's answer sheet. Off by default (attendees could read it in Explore).
   */
  EXPOSE_FAULT_METRICS: booleanField(false),
  /** The collector's OTLP/HTTP endpoint: browser spans go on to `${endpoint}/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrlField('http://localhost:4318'),
  /** Per client: the average rate and the burst of the shop's API and pages. */
  RATE_LIMIT_PER_SECOND: perSecond(20),
  RATE_LIMIT_BURST: burst(40),
  /** Per client: the browser's telemetry exports, a bucket apart so they never eat the shop's. */
  TELEMETRY_RATE_LIMIT_PER_SECOND: perSecond(5),
  TELEMETRY_RATE_LIMIT_BURST: burst(10),
  /** Origins other than the gateway's own allowed to call /api and /otlp; none by default. */
  CORS_ALLOWED_ORIGINS: origins,
  /**
   * `true` behind one reverse proxy of ours: the client is the last address it appended to
   * X-Forwarded-For. Off by default, since anyone can send that header.
   */
  TRUST_PROXY: booleanField(false),
  /** Catalog and inventory calls (the product pages, the telemetry forward) give up after this. */
  UPSTREAM_TIMEOUT_MS: duration(2000),
  /** A checkout waits this long for order (which itself waits on catalog, inventory, payment). */
  ORDER_TIMEOUT_MS: duration(10_000),
});

export type GatewayConfig = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Readonly<GatewayConfig> =>
  parseConfig(schema, env);

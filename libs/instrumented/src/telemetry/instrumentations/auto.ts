import type * as AutoInstrumentations from '@opentelemetry/auto-instrumentations-node';
import type { InstrumentationConfigMap } from '@opentelemetry/auto-instrumentations-node';
import { instrumentationConfigs } from './configs';
import type { InstrumentationList } from './configs';
import type { InstrumentationSettings } from '../settings';

/**
 * The enable list. Every instrumentation the metapackage knows is named (the type makes a new one
 * in an upgrade a compile error), because one left out would be created enabled and patch its
 * module: the metapackage enables by default.
 */
const ENABLED: Record<keyof InstrumentationConfigMap, boolean> = {
  '@opentelemetry/instrumentation-amqplib': false,
  '@opentelemetry/instrumentation-aws-lambda': false,
  '@opentelemetry/instrumentation-aws-sdk': false,
  '@opentelemetry/instrumentation-bunyan': false,
  '@opentelemetry/instrumentation-cassandra-driver': false,
  '@opentelemetry/instrumentation-connect': false,
  '@opentelemetry/instrumentation-cucumber': false,
  '@opentelemetry/instrumentation-dataloader': false,
  '@opentelemetry/instrumentation-dns': false,
  '@opentelemetry/instrumentation-express': true,
  '@opentelemetry/instrumentation-fs': false,
  '@opentelemetry/instrumentation-generic-pool': false,
  '@opentelemetry/instrumentation-graphql': false,
  '@opentelemetry/instrumentation-grpc': false,
  '@opentelemetry/instrumentation-hapi': false,
  '@opentelemetry/instrumentation-host-metrics': false,
  '@opentelemetry/instrumentation-http': true,
  '@opentelemetry/instrumentation-ioredis': false,
  '@opentelemetry/instrumentation-kafkajs': false,
  '@opentelemetry/instrumentation-knex': false,
  '@opentelemetry/instrumentation-koa': false,
  '@opentelemetry/instrumentation-lru-memoizer': false,
  '@opentelemetry/instrumentation-memcached': false,
  '@opentelemetry/instrumentation-mongodb': false,
  '@opentelemetry/instrumentation-mongoose': false,
  '@opentelemetry/instrumentation-mysql2': false,
  '@opentelemetry/instrumentation-mysql': false,
  '@opentelemetry/instrumentation-nestjs-core': false,
  '@opentelemetry/instrumentation-net': false,
  '@opentelemetry/instrumentation-openai': false,
  '@opentelemetry/instrumentation-oracledb': false,
  '@opentelemetry/instrumentation-pg': true,
  '@opentelemetry/instrumentation-pino': true,
  '@opentelemetry/instrumentation-redis': false,
  '@opentelemetry/instrumentation-restify': false,
  '@opentelemetry/instrumentation-router': false,
  '@opentelemetry/instrumentation-runtime-node': false,
  '@opentelemetry/instrumentation-socket.io': false,
  '@opentelemetry/instrumentation-tedious': false,
  '@opentelemetry/instrumentation-undici': true,
  '@opentelemetry/instrumentation-winston': false,
};

/**
 * FAULTLINE_INSTRUMENTATIONS=auto: the metapackage's getNodeAutoInstrumentations with the five
 * instrumentations Faultline uses enabled and configured as in the curated mode. It requires about
 * forty instrumentation packages whatever is enabled (docs/PERFORMANCE.md has the cost), so this
 * module is loaded only in this mode.
 */
export function autoInstrumentations(settings: InstrumentationSettings): InstrumentationList {
  const { getNodeAutoInstrumentations } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@opentelemetry/auto-instrumentations-node') as typeof AutoInstrumentations;
  const configs: Record<string, object> = instrumentationConfigs(settings);
  const config = Object.fromEntries(
    Object.entries(ENABLED).map(([name, enabled]) => [name, { ...configs[name], enabled }]),
  ) as InstrumentationConfigMap;
  return getNodeAutoInstrumentations(config);
}

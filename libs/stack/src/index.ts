export { serviceEntry, spawnService } from './service-process';
export type { ServiceProcess, SpawnServiceOptions } from './service-process';
export { DATABASE_NAMES, DEFAULT_PORTS, SERVICE_NAMES, SUPERVISOR_PORT } from './services';
export type { ServiceName } from './services';
export { databaseUrlFor, startStack } from './start-stack';
export type { LineSource, Stack, StackOptions, SuperviseStackOptions } from './start-stack';
export { startPrometheus } from './prometheus';
export type {
  PrometheusAlert,
  PrometheusExemplar,
  PrometheusProcess,
  PrometheusSample,
} from './prometheus';
export {
  durationMs,
  NATIVE_PROMETHEUS_CONFIG,
  PROMETHEUS_CONFIG,
  scaleRuleDurations,
  scrapeTargets,
  testPrometheusConfig,
} from './prometheus-config';
export type { TestPrometheusConfigOptions } from './prometheus-config';

export { serviceEntry, spawnService } from './service-process';
export type { ServiceProcess, SpawnServiceOptions } from './service-process';
export {
  DATABASE_NAMES,
  DEFAULT_PORTS,
  GATEWAY,
  PROCESS_NAMES,
  SERVICE_NAMES,
  SUPERVISOR_PORT,
  WATCHER,
} from './services';
export type { ProcessName, ServiceName, StackRecord, StatelessProcess } from './services';
export { CANARY_PORT } from './services';
export type { CanaryDeployment, CanarySlot } from '@faultline/service';
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
export { freePort, startDaemon } from './daemon';
export type { Daemon, StartDaemonOptions } from './daemon';
export { ALERTMANAGER_CONFIG, alertmanagerConfigFor, startAlertmanager } from './alertmanager';
export type {
  AlertmanagerAlert,
  AlertmanagerConfigOptions,
  AlertmanagerProcess,
  PostableAlert,
  StartAlertmanagerOptions,
} from './alertmanager';
export {
  BLACKBOX_CONFIG,
  dataSourceName,
  parseSamples,
  POSTGRES_EXPORTER_QUERIES,
  startBlackboxExporter,
  startPostgresExporter,
} from './exporters';
export type {
  BlackboxExporterProcess,
  PostgresExporterProcess,
  ProbeResult,
  StartBlackboxExporterOptions,
  StartPostgresExporterOptions,
} from './exporters';
export { OPTIONAL_SCRAPE_JOBS } from './prometheus-config';
export { startWebhookReceiver } from './webhook-receiver';
export type { WebhookNotification, WebhookReceiver } from './webhook-receiver';
export { imageHealthcheck, runImageHealthcheck } from './healthcheck';
export type { HealthcheckRun } from './healthcheck';

import { createFaults } from '@faultline/faults';
import {
  createLogger,
  createMetrics,
  processRelease,
  runService,
  serve,
  shutdownOnSignals,
} from '@faultline/instrumented';
import { createApp } from './app';
import { composeGateway } from './compose';
import { loadConfig } from './config';
import { loadScenarioLibrary } from './scenario-library';
import { locateStorefront } from './storefront-dir';

/**
 * config → logger → the storefront's build and the scenarios → metrics, faults → compose → app →
 * listen; shutdown on SIGTERM/SIGINT. No database: the gateway keeps nothing but its clients' rate buckets.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  const storefront = locateStorefront(config.STOREFRONT_DIR);
  if (!storefront.found) {
    logger.warn({ event: 'storefront_missing', dir: storefront.dir }, storefront.reason);
  }
  const scenarios = loadScenarioLibrary(config.SCENARIOS_DIR);
  if (!scenarios.found) {
    logger.warn({ event: 'scenarios_missing', dir: scenarios.dir }, scenarios.reason);
  }
  const metrics = createMetrics({ target: processRelease() });
  // The fault metric is every mystery's answer: on the host's stack only (EXPOSE_FAULT_METRICS).
  const faults = createFaults({ metrics, exposeActive: config.EXPOSE_FAULT_METRICS });
  const gateway = composeGateway(config, storefront, scenarios, logger, metrics, faults);
  const app = createApp({
    logger,
    metrics,
    faults: { engine: faults, adminToken: config.FAULT_ADMIN_TOKEN },
    gateway,
  });
  const service = await serve(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    onShutdown: [
      () => faults.close(),
      () => {
        gateway.close();
        return Promise.resolve();
      },
    ],
  });
  logger.info(
    {
      event: 'gateway_started',
      catalog_url: config.CATALOG_URL,
      inventory_url: config.INVENTORY_URL,
      order_url: config.ORDER_URL,
      payment_url: config.PAYMENT_URL,
      scenarios: scenarios.found ? scenarios.scenarios.length : 0,
      control_stacks: config.CONTROL_STACKS.map(({ name }) => name),
      control_prometheus_url: config.CONTROL_PROMETHEUS_URL ?? null,
      fault_metrics: config.EXPOSE_FAULT_METRICS,
      storefront_dir: storefront.found ? storefront.dir : null,
    },
    `the shop on ${service.url}/`,
  );
  shutdownOnSignals(service, logger);
}

runService('gateway', main);

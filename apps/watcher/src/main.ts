import {
  createLogger,
  createMetrics,
  processRelease,
  runService,
  serve,
  shutdownOnSignals,
} from '@faultline/instrumented';
import { createApp } from './app';
import { composeWatcher } from './compose';
import { loadConfig } from './config';
import { loadRunbookLibrary } from './runbooks/runbook-library';
import { deadmanLoop, syntheticCheckLoop } from './worker/watch-loops';

/**
 * config → logger → the runbooks → metrics → compose → app → listen → the synthetic checkout and
 * dead man's switch loops; shutdown on SIGTERM/SIGINT. No database: everything the watcher keeps is
 * in memory (the runbooks are read once, at start).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ service: 'watcher', level: config.LOG_LEVEL });
  const runbooks = loadRunbookLibrary(config.RUNBOOKS_DIR);
  if (runbooks.missing !== undefined) {
    logger.warn({ event: 'runbooks_missing', dir: runbooks.dir }, runbooks.missing);
  }
  const metrics = createMetrics({ target: processRelease() });
  const watcher = composeWatcher(config, logger, metrics);
  const loops = [
    syntheticCheckLoop(watcher.synthetic, config.SYNTHETIC_INTERVAL_MS),
    deadmanLoop(watcher.notifications.deadman, logger),
  ];
  const service = await serve(createApp({ logger, metrics, watcher, runbooks }), {
    port: config.PORT,
    host: config.HOST,
    logger,
    onShutdown: [
      () => Promise.all(loops.map((loop) => loop.stop())),
      () => {
        watcher.close();
        return Promise.resolve();
      },
    ],
  });
  for (const loop of loops) loop.start();
  logger.info(
    {
      event: 'watcher_started',
      order_url: config.ORDER_URL,
      synthetic_interval_ms: config.SYNTHETIC_INTERVAL_MS,
      deadman_timeout_ms: config.DEADMAN_TIMEOUT_MS,
      runbooks: runbooks.pages.size,
      runbooks_dir: runbooks.dir,
    },
    `checking ${config.ORDER_URL} every ${config.SYNTHETIC_INTERVAL_MS} ms; pager on ${service.url}/`,
  );
  shutdownOnSignals(service, logger);
}

runService('watcher', main);

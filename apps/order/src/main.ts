import { join } from 'node:path';
import { runFaultlineService } from '@faultline/service';
import { createApp } from './app';
import { readinessProbe } from './clients/readiness-probe';
import { closeOrder, composeOrder, composeReset } from './compose';
import { loadConfig } from './config';
import { createRetryWorker } from './worker/retry-worker';

/** Entry point: order's config, migrations, app and payment retry worker on the shared shape. */
runFaultlineService('order', {
  loadConfig,
  migrationsDir: join(__dirname, '..', 'migrations'),
  compose: ({ config, pool, logger, metrics, faults, faultSetup }) => {
    const checkout = composeOrder(config, pool, logger, metrics, faults);
    const worker = createRetryWorker(checkout, {
      intervalMs: config.RETRY_WORKER_INTERVAL_MS,
      staleCheckoutMs: config.STALE_CHECKOUT_MS,
    });
    return {
      app: createApp({
        pool,
        logger,
        metrics,
        checkout,
        reset: composeReset(pool, checkout),
        rollout: checkout.rollout,
        probe: readinessProbe,
        faults: faultSetup,
      }),
      // Starts once the service listens; stops before faults close. The clients close after.
      lifecycles: [worker],
      close: () => {
        closeOrder(checkout);
      },
    };
  },
});

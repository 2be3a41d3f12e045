import { join } from 'node:path';
import { runFaultlineService } from '@faultline/service';
import { createApp } from './app';
import { composePayment } from './compose';
import { loadConfig } from './config';

/** Composition root: payment's config, migrations and app on the shape every service shares. */
runFaultlineService('payment', {
  loadConfig,
  migrationsDir: join(__dirname, '..', 'migrations'),
  compose: ({ config, pool, logger, metrics, faults, faultSetup }) => {
    const payment = composePayment(config, pool, logger, metrics, faults);
    const serviceToken = config.SERVICE_TOKEN;
    const app = createApp({ pool, logger, metrics, faults: faultSetup, serviceToken, payment });
    // The reconciler starts once the service listens and stops before faults and the pool close.
    return { app, lifecycles: [payment.reconciler] };
  },
});

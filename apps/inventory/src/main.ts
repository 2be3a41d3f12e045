import { join } from 'node:path';
import { runFaultlineService } from '@faultline/service';
import { createApp } from './app';
import { composeInventory } from './compose';
import { loadConfig } from './config';
import { ReservationSweeper } from './domain/reservation-sweeper';

/** Entry point: inventory's config, migrations, app and reservation sweeper on the shared shape. */
runFaultlineService('inventory', {
  loadConfig,
  migrationsDir: join(__dirname, '..', 'migrations'),
  compose: ({ config, pool, logger, metrics, faults, faultSetup }) => {
    const inventory = composeInventory(config, pool, logger, metrics, faults);
    const app = createApp({
      pool,
      logger,
      metrics,
      faults: faultSetup,
      serviceToken: config.SERVICE_TOKEN,
      inventory,
    });
    // Starts once the service listens; stops before faults and the pool close under it.
    return { app, lifecycles: [new ReservationSweeper(inventory.sweeper)] };
  },
});

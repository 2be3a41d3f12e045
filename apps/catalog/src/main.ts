import { join } from 'node:path';
import { runFaultlineService } from '@faultline/service';
import { createApp } from './app';
import { composeCatalog } from './compose';
import { loadConfig } from './config';

/** Entry point: the catalog's config, migrations and app on the shape every service shares. */
runFaultlineService('catalog', {
  loadConfig,
  migrationsDir: join(__dirname, '..', 'migrations'),
  compose: ({ pool, logger, metrics, faults, faultSetup }) => ({
    app: createApp({
      pool,
      logger,
      metrics,
      faults: faultSetup,
      catalog: composeCatalog(pool, faults),
    }),
  }),
});

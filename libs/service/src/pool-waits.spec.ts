import { freshMetrics } from '@faultline/instrumented/testing';
import { exportPoolWaits } from './pool-waits';

describe('exportPoolWaits', () => {
  it('reports the queries waiting for a pool connection at each scrape', async () => {
    const metrics = freshMetrics();
    const pool = { waitingCount: 0 };
    exportPoolWaits(metrics, pool);
    const scrape = () =>
      metrics.registry.getSingleMetricAsString('db_client_connection_pending_requests');
    expect(await scrape()).toMatch(/^db_client_connection_pending_requests 0$/m);
    pool.waitingCount = 3;
    expect(await scrape()).toMatch(/^db_client_connection_pending_requests 3$/m);
  });
});

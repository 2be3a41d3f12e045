import { freshMetrics } from '@faultline/instrumented/testing';
import type { PoolClient } from '@faultline/postgres';
import { exportPoolWaits } from './pool-waits';

type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined) => void;

/** A pool whose checkouts answer after `waitMs`, as a saturated pool's queue does. */
function slowPool(waitMs: number) {
  return {
    waitingCount: 0,
    connect: ((callback: ConnectCallback) => {
      // No client: the timing is what is under test, not what the pool hands out.
      setTimeout(() => {
        callback(undefined, undefined);
      }, waitMs);
    }) as never,
  };
}

describe('exportPoolWaits', () => {
  it('reports the queries waiting for a pool connection at each scrape', async () => {
    const metrics = freshMetrics();
    const pool = slowPool(0);
    exportPoolWaits(metrics, pool);
    const scrape = () =>
      metrics.registry.getSingleMetricAsString('db_client_connection_pending_requests');
    expect(await scrape()).toMatch(/^db_client_connection_pending_requests 0$/m);
    pool.waitingCount = 3;
    expect(await scrape()).toMatch(/^db_client_connection_pending_requests 3$/m);
  });

  it('times every checkout of a connection, in the callback form pool.query uses and as a promise', async () => {
    const metrics = freshMetrics();
    const pool = slowPool(30);
    exportPoolWaits(metrics, pool);
    const connect = pool.connect as unknown as {
      (callback: ConnectCallback): void;
      (): Promise<PoolClient>;
    };
    await new Promise<void>((resolve) => {
      connect(() => {
        resolve();
      });
    });
    await connect();
    const text = await metrics.registry.getSingleMetricAsString(
      'db_client_connection_wait_time_seconds',
    );
    expect(text).toMatch(/^db_client_connection_wait_time_seconds_count 2$/m);
    const sum = Number(/^db_client_connection_wait_time_seconds_sum ([\d.e-]+)$/m.exec(text)?.[1]);
    expect(sum).toBeGreaterThanOrEqual(0.055);
    expect(text).toMatch(/^db_client_connection_wait_time_seconds_bucket\{le="0.01"\} 0$/m);
  });
});

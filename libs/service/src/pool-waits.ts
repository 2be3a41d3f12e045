import type { Metrics } from '@faultline/instrumented';
import type { Pool } from '@faultline/postgres';

/**
 * `db_client_connection_pending_requests`: queries waiting for a connection of the service's
 * database pool (OpenTelemetry's db.client.connection.pending_requests), read at each scrape.
 * Above zero the pool is saturated: every query waits for a connection before it waits for the
 * database, and the dashboards' saturation panels show it next to CPU and event-loop lag.
 */
export function exportPoolWaits(metrics: Metrics, pool: Pick<Pool, 'waitingCount'>): void {
  metrics.gauge({
    name: 'db_client_connection_pending_requests',
    help: "Queries waiting for a connection of the service's database pool, at scrape time.",
    collect() {
      this.set(pool.waitingCount);
    },
  });
}

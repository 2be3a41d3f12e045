import type { Metrics } from '@faultline/instrumented';
import { timeConnectionWaits } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';

/** From a free connection (tens of microseconds) to a saturated pool's queue (seconds). */
const WAIT_BUCKETS_SECONDS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5];

/**
 * The pool's saturation, as OpenTelemetry's database client metrics name it:
 * - `db_client_connection_pending_requests`: queries waiting for a connection of the service's
 *   database pool (db.client.connection.pending_requests), read at each scrape;
 * - `db_client_connection_wait_time_seconds`: how long each checkout of a connection waited
 *   (db.client.connection.wait_time), every query included, with the trace as exemplar.
 * Above zero waiting, the pool is saturated: every query waits for a connection before it waits
 * for the database, and the dashboards' saturation panels show it next to CPU and event-loop lag.
 * These replace the zero-length pg-pool.connect spans (instrumentation-pg's ignoreConnectSpans).
 */
export function exportPoolWaits(
  metrics: Metrics,
  pool: Pick<Pool, 'waitingCount' | 'connect'>,
): void {
  metrics.gauge({
    name: 'db_client_connection_pending_requests',
    help: "Queries waiting for a connection of the service's database pool, at scrape time.",
    collect() {
      this.set(pool.waitingCount);
    },
  });
  const waits = metrics.histogram({
    name: 'db_client_connection_wait_time_seconds',
    help: "Time each checkout of a connection from the service's database pool waited, queries included.",
    buckets: WAIT_BUCKETS_SECONDS,
  });
  timeConnectionWaits(pool, (seconds) => {
    metrics.observe(waits, {}, seconds);
  });
}

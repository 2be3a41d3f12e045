import { FaultAdminError } from '@faultline/fault-admin';
import type { ResetReport, StackAdmin } from '@faultline/fault-admin';
import { SERVICES } from '@faultline/scenarios';
import type { ServiceName } from '@faultline/scenarios';
import { explain } from '../admin-client';

/** Where `faultline reset --delete-series` finds Prometheus unless told. */
export const DEFAULT_PROMETHEUS_URL = 'http://127.0.0.1:9090';

/**
 * The services that keep data, in the order they are reset: order first, so its retry worker
 * stops working on orders whose reservations and payments are about to go; then the stock and
 * the payments those orders held; the catalog last, as nothing depends on its rows changing.
 */
export const DATA_SERVICES = [
  'order',
  'inventory',
  'payment',
  'catalog',
] as const satisfies readonly ServiceName[];

/**
 * The series `--delete-series` removes: what the last round left in the windows the next group
 * is judged on. Prometheus's own and Alertmanager's series are kept (the monitoring's health, not
 * the shop's), and so are k6's (the load keeps running through a reset).
 */
export const SHOP_SERIES = [
  // Everything the shop's processes export under their scrape job: RED histograms, checkouts,
  // payments, breakers, `up`, and the fault metric (the Instructor dashboard's fault annotations).
  '{job=~"catalog|inventory|order|payment|gateway"}',
  // The same round seen from outside and underneath: the watcher's synthetic checkouts and its
  // dead man's switch, the blackbox probes of every service, the shop's PostgreSQL, and (natively)
  // npm start's supervisor, which counts the services' restarts.
  '{job=~"watcher|blackbox|postgres|supervisor"}',
  // Every recorded series (a colon in the name is the recording-rule convention): the checkout
  // SLO's burn rates over 5m…3d would otherwise keep the last round's errors for three days.
  '{__name__=~".+:.+"}',
  // The round's alert history (ALERTS) and the `for` state Prometheus restores after a restart.
  '{__name__=~"ALERTS|ALERTS_FOR_STATE"}',
  // Tempo's metrics generator writes the round's span metrics and service graph here.
  '{__name__=~"traces_(spanmetrics|service_graph)_.+"}',
] as const;

export interface ResetStackOptions {
  /** Prometheus's base URL (DEFAULT_PROMETHEUS_URL unless told); only --delete-series uses it. */
  prometheusUrl?: string;
  /** Delete the shop's series through Prometheus's admin API (needs --web.enable-admin-api). */
  deleteSeries: boolean;
}

/** One table's line: "stock: 21 removed, 21 seeded". */
const tableLine = (table: string, { removed, seeded }: ResetReport[string]): string =>
  `${table}: ${removed} removed${seeded > 0 ? `, ${seeded} seeded` : ''}`;

/**
 * A soft reset between workshop rounds, restarting nothing: clears every fault on every process
 * (the gateway too), puts each data-keeping service's data back to its seed, and with
 * `deleteSeries` removes the shop's series from Prometheus. One line per step and process; a
 * process that cannot be reached is reported and the others carry on. Returns the exit code:
 * 0 when every step succeeded, 1 otherwise.
 */
export async function resetStack(
  stack: StackAdmin<ServiceName>,
  options: ResetStackOptions,
  out: (line: string) => void,
): Promise<number> {
  let failed = 0;
  const step = async (name: string, work: () => Promise<string>): Promise<void> => {
    try {
      out(`${name}: ${await work()}`);
    } catch (error) {
      if (!(error instanceof FaultAdminError || error instanceof PrometheusError)) throw error;
      failed++;
      out(`${name}: ${error instanceof FaultAdminError ? explain(error) : error.message}`);
    }
  };

  // Faults first: a reset under an active fault (a locked table, a failing database) would fail.
  for (const service of SERVICES) {
    await step(service, async () => {
      const cleared = await stack[service].clear();
      return `cleared ${cleared} fault${cleared === 1 ? '' : 's'}`;
    });
  }
  for (const service of DATA_SERVICES) {
    await step(service, async () => {
      const report = await stack[service].resetData();
      const tables = Object.entries(report).map(([table, counts]) => tableLine(table, counts));
      return `data reset to the seed (${tables.join('; ')})`;
    });
  }
  if (options.deleteSeries) {
    const prometheus = (options.prometheusUrl ?? DEFAULT_PROMETHEUS_URL).replace(/\/+$/, '');
    const match = new URLSearchParams(
      SHOP_SERIES.map((selector): [string, string] => ['match[]', selector]),
    );
    await step('prometheus', async () => {
      await prometheusAdmin(prometheus, `/api/v1/admin/tsdb/delete_series?${match.toString()}`);
      return `deleted the shop's series (${SHOP_SERIES.join(' ')})`;
    });
    await step('prometheus', async () => {
      await prometheusAdmin(prometheus, '/api/v1/admin/tsdb/clean_tombstones');
      return 'cleaned the tombstones (the deleted samples are gone from disk)';
    });
  } else {
    out('prometheus: series kept (--delete-series starts the next round from a clean SLO window)');
  }
  return failed === 0 ? 0 : 1;
}

/** A failed call to Prometheus's admin API, in one line with what to do about it. */
class PrometheusError extends Error {
  override name = 'PrometheusError';
}

/** POSTs to one of Prometheus's admin endpoints, which answer 204 when done. */
async function prometheusAdmin(baseUrl: string, path: string): Promise<void> {
  let response: Response;
  try {
    // Deleting a busy TSDB's series and compacting its tombstones takes a while on a laptop.
    response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    throw new PrometheusError(
      `Prometheus is not reachable at ${baseUrl} (is it running? see --prometheus-url)`,
    );
  }
  if (response.ok) return;
  const text = await response.text();
  let why = text;
  try {
    why = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    // not JSON: the text as it came
  }
  throw new PrometheusError(
    `Prometheus answered ${response.status}: ${why.trim()} (its admin API needs --web.enable-admin-api)`,
  );
}

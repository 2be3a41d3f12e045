import type { ResetReport, ResetStepView } from '@faultline/contracts';
import { FaultAdminError } from './fault-admin';
import type { FaultAdmin } from './fault-admin';

/**
 * The services that keep data, in the order they are reset: order first, so its retry worker
 * stops working on orders whose reservations and payments are about to go; then the stock and
 * the payments those orders held; the catalog last, as nothing depends on its rows changing.
 */
export const DATA_SERVICES = ['order', 'inventory', 'payment', 'catalog'] as const;
export type DataService = (typeof DATA_SERVICES)[number];

/**
 * The series a reset deletes from Prometheus: what the last round left in the windows the next
 * group is judged on. Prometheus's own and Alertmanager's series are kept (the monitoring's
 * health, not the shop's), and so are k6's (the load keeps running through a reset).
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

/** A failed call to Prometheus's admin API: no answer, or an answer refusing the call. */
export class PrometheusAdminError extends Error {
  override name = 'PrometheusAdminError';
  constructor(
    message: string,
    readonly failure: 'unreachable' | 'refused',
  ) {
    super(message);
  }
}

/** One step of a reset as it went; `error` is the failure itself, for a caller that words it. */
export interface ResetStep extends ResetStepView {
  error?: FaultAdminError | PrometheusAdminError;
}

/** What a reset reaches: whose faults it clears, and whose data it puts back to the seed. */
export interface ResetTargets {
  /** Every process of the stack by name, cleared in this order (the services, the gateway). */
  faults: Readonly<Record<string, Pick<FaultAdmin, 'clear'>>>;
  /** The services that keep data. */
  data: Readonly<Record<DataService, Pick<FaultAdmin, 'resetData'>>>;
}

/** Whether the shop's series go too: Prometheus's base URL, or the line the report says instead. */
export type SeriesChoice =
  { delete: true; prometheusUrl: string } | { delete: false; detail: string };

/** One table's words: "stock: 21 removed, 21 seeded". */
const tableLine = (table: string, { removed, seeded }: ResetReport[string]): string =>
  `${table}: ${removed} removed${seeded > 0 ? `, ${seeded} seeded` : ''}`;

/**
 * A soft reset between workshop rounds, restarting nothing: clears every fault on every process,
 * puts each data-keeping service's data back to its seed, and (when told where Prometheus is)
 * deletes the shop's series. Each step is reported as it ends (`onStep`) and returned; one that
 * fails (a process that cannot be reached, a refused token) is reported and the others go on.
 * Any other error is a bug and is thrown.
 */
export async function resetStack(
  targets: ResetTargets,
  series: SeriesChoice,
  onStep: (step: ResetStep) => void = () => undefined,
): Promise<ResetStep[]> {
  const steps: ResetStep[] = [];
  const report = (step: ResetStep): void => {
    steps.push(step);
    onStep(step);
  };
  const step = async (
    target: string,
    action: ResetStep['action'],
    work: () => Promise<Omit<ResetStep, 'target' | 'action' | 'ok'>>,
  ): Promise<void> => {
    try {
      report({ target, action, ok: true, ...(await work()) });
    } catch (error) {
      if (!(error instanceof FaultAdminError || error instanceof PrometheusAdminError)) throw error;
      report({ target, action, ok: false, detail: error.message, error });
    }
  };

  // Faults first: a reset under an active fault (a locked table, a failing database) would fail.
  for (const [name, admin] of Object.entries(targets.faults)) {
    await step(name, 'clear_faults', async () => {
      const cleared = await admin.clear();
      return { detail: `cleared ${cleared} fault${cleared === 1 ? '' : 's'}`, cleared };
    });
  }
  for (const service of DATA_SERVICES) {
    await step(service, 'reset_data', async () => {
      const tables = await targets.data[service].resetData();
      const lines = Object.entries(tables).map(([table, counts]) => tableLine(table, counts));
      return { detail: `data reset to the seed (${lines.join('; ')})`, tables };
    });
  }
  if (!series.delete) {
    report({ target: 'prometheus', action: 'keep_series', ok: true, detail: series.detail });
    return steps;
  }
  const prometheus = series.prometheusUrl.replace(/\/+$/, '');
  const match = new URLSearchParams(
    SHOP_SERIES.map((selector): [string, string] => ['match[]', selector]),
  );
  await step('prometheus', 'delete_series', async () => {
    await prometheusAdmin(prometheus, `/api/v1/admin/tsdb/delete_series?${match.toString()}`);
    return { detail: `deleted the shop's series (${SHOP_SERIES.join(' ')})` };
  });
  await step('prometheus', 'clean_tombstones', async () => {
    await prometheusAdmin(prometheus, '/api/v1/admin/tsdb/clean_tombstones');
    return { detail: 'cleaned the tombstones (the deleted samples are gone from disk)' };
  });
  return steps;
}

/** POSTs to one of Prometheus's admin endpoints, which answer 204 when done. */
async function prometheusAdmin(baseUrl: string, path: string): Promise<void> {
  let response: Response;
  try {
    // Deleting a busy TSDB's series and compacting its tombstones takes a while on a laptop.
    response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    throw new PrometheusAdminError(`Prometheus is not reachable at ${baseUrl}`, 'unreachable');
  }
  if (response.ok) return;
  const text = await response.text();
  let why = text;
  try {
    why = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    // not JSON: the text as it came
  }
  throw new PrometheusAdminError(
    `Prometheus answered ${response.status}: ${why.trim()} (its admin API needs --web.enable-admin-api)`,
    'refused',
  );
}

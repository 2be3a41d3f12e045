/**
 * The seasonal sale, on top of the everyday traffic (the compose shoppers keep running beside it):
 * the doors open at once. From the first second a crowd of 28 visits a second arrives (a step, not
 * a ramp: the people waiting for the sale come in together), stays for 8 minutes, and thins out
 * over the last 2; then the sale is over and the everyday shoppers are left. Sale shoppers are
 * keener than everyday ones: half of their visits check out (15% on an ordinary day), about
 * 14 checkouts a second on top of the everyday 2.4 — what payment must take in the sale. An open model: k6 starts visits at the set rate
 * however slow the shop gets, so a struggling shop shows as latency, errors and dropped
 * iterations rather than as fewer shoppers. Runs 10 minutes.
 *
 * Its thresholds are the verdict: when one fails k6 exits with code 99, and under a fault that is
 * the fault showing, not k6 or the stack broken (it says so as it ends, before the summary).
 *
 *   SHOP_URL  (default http://localhost:8080): the edge gateway
 *   SALE_PEAK_RATE  visits per second of the sale's crowd, from the moment the doors open
 *                   (default 28)
 *   SALE_MAX_VUS    most virtual users k6 may start to keep the rate (default 30: the crowd keeps
 *                   ~11 busy normally, ~26 with payment slowed; the compose `sale` service's
 *                   memory limit is sized for 30, so raise its mem_limit by 4 MiB for each VU
 *                   above that)
 */
import type { Options } from 'k6/options';
import { latencyThresholds, shop } from './lib/shop.ts';
import { explainTheVerdict } from './lib/verdict.ts';

const PEAK_RATE = Number(__ENV['SALE_PEAK_RATE'] ?? '28');
const MAX_VUS = Number(__ENV['SALE_MAX_VUS'] ?? '30');

export const options: Options = {
  scenarios: {
    // @types/k6 declares scenario configs as classes; k6 itself takes plain objects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    sale: {
      executor: 'ramping-arrival-rate',
      // The doors open: the crowd's rate from the first second.
      startRate: PEAK_RATE,
      timeUnit: '1s',
      // Every VU the sale may use is ready before the doors open (the memory limit is sized for
      // all of them anyway), so the step drops no visit for want of a VU being started.
      preAllocatedVUs: MAX_VUS,
      maxVUs: MAX_VUS,
      stages: [
        { target: PEAK_RATE, duration: '8m' }, // the crowd
        { target: 0, duration: '2m' }, // it thins out; the sale is over
      ],
    },
  },
  thresholds: {
    // The checkout SLO allows 0.5% bad checkouts; the whole shop gets 1% here.
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    // Visits k6 could not start for want of a free VU: the shop got too slow to take the crowd.
    dropped_iterations: ['count<10'],
    ...latencyThresholds({
      'GET /api/v1/products': [250, 500],
      'GET /api/v1/products/:id': [250, 500],
      'POST /api/v1/orders': [500, 1000], // p99 over 1 s is what fires CheckoutLatencyHigh
      'GET /api/v1/orders/:id': [250, 500],
    }),
  },
};

export default function saleShopper(): void {
  shop({ checkoutShare: 0.5 });
}

/** Runs once, after the sale and just before k6 prints its summary. */
export function teardown(): void {
  explainTheVerdict();
}

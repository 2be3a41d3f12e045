/**
 * The seasonal sale: arrivals climb from the everyday rate to a peak, hold there, and ease off —
 * an open model (k6 starts visits at the set rate however slow the shop gets), so a struggling
 * shop shows as latency, errors and dropped iterations rather than as fewer shoppers. Buyers are
 * keener than usual: 80% of visits check out. Runs 10 minutes, on top of the compose shoppers.
 *
 *   SHOP_URL  (default http://localhost:8080): the edge gateway
 *   SALE_BASE_RATE  visits per second before and after the sale (default 4, as the shoppers)
 *   SALE_PEAK_RATE  visits per second at the peak (default 20)
 *   SALE_MAX_VUS    most virtual users k6 may start to keep the rate (default 30: the peak needs
 *                   ≤ 23 normally; the compose `sale` service's memory limit is sized for 30, so
 *                   raise its mem_limit by 4 MiB for each VU above that)
 */
import type { Options } from 'k6/options';
import { latencyThresholds, shop } from './lib/shop.ts';

const BASE_RATE = Number(__ENV['SALE_BASE_RATE'] ?? '4');
const PEAK_RATE = Number(__ENV['SALE_PEAK_RATE'] ?? '20');
const MAX_VUS = Number(__ENV['SALE_MAX_VUS'] ?? '30');

export const options: Options = {
  scenarios: {
    // @types/k6 declares scenario configs as classes; k6 itself takes plain objects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    sale: {
      executor: 'ramping-arrival-rate',
      startRate: BASE_RATE,
      timeUnit: '1s',
      preAllocatedVUs: 10,
      maxVUs: MAX_VUS,
      stages: [
        { target: BASE_RATE, duration: '1m' }, // an ordinary morning
        { target: PEAK_RATE, duration: '2m' }, // the sale opens and word spreads
        { target: PEAK_RATE, duration: '5m' }, // the rush
        { target: BASE_RATE, duration: '2m' }, // it winds down
      ],
    },
  },
  thresholds: {
    // The checkout SLO allows 0.5% bad checkouts; the whole shop gets 1% here.
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    // Visits k6 could not start for want of a free VU: the shop got too slow to take the rush.
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
  shop({ checkoutShare: 0.8 });
}

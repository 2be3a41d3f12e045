/**
 * Steady background traffic for the compose stack (the `shoppers` service): shoppers browse the
 * catalog, look at a product and, 60% of the time, check out — with a card mix that includes the
 * declining test cards, so declines are part of "normal". Runs until stopped (compose restarts it
 * if it ever exits).
 *
 * Compose runs it with `--summary-mode=disabled --no-thresholds`: a 720-hour run has no end to
 * judge, and either one makes k6 keep every sample for the whole run. The thresholds below judge
 * a run with an end (`k6 run --duration 10m shoppers.ts`); on the stack the same SLOs are judged
 * by the Prometheus alerts (CheckoutErrorBudgetBurnFast/Slow, CheckoutLatencyHigh).
 *
 *   SHOP_URL  (default http://localhost:8080): the edge gateway
 *   SHOPPERS_RATE  visits per second (default 4)
 */
import type { Options } from 'k6/options';
import { latencyThresholds, shop } from './lib/shop.ts';

const RATE = Number(__ENV['SHOPPERS_RATE'] ?? '4');

export const options: Options = {
  scenarios: {
    // @types/k6 declares scenario configs as classes; k6 itself takes plain objects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    shoppers: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: '720h',
      preAllocatedVUs: 10,
      // 4 visits/s need ~2.5 VUs (0.6 s a visit) and at most 14 with payment slowed (3.4 s the
      // slowest visit): `npx nx run @faultline/load-test-checks:measure`. Past 16 k6 drops visits
      // (counted in dropped_iterations) instead of growing past the container's memory limit.
      maxVUs: 16,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.05'],
    checks: ['rate>0.95'],
    ...latencyThresholds({
      'GET /api/v1/products': [250, 500],
      'GET /api/v1/products/:id': [250, 500],
      'POST /api/v1/orders': [1000, 2000],
      'GET /api/v1/orders/:id': [250, 500],
    }),
  },
};

export default function shopper(): void {
  shop({ checkoutShare: 0.6 });
}

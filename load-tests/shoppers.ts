/**
 * Steady background traffic for the compose stack (the `shoppers` service): shoppers browse the
 * catalog, look at a product and, 60% of the time, check out — with a card mix that includes the
 * declining test cards, so declines are part of "normal". Runs until stopped (compose restarts it
 * if it ever exits).
 *
 *   CATALOG_URL  (default http://localhost:3001)   ORDER_URL  (default http://localhost:3003)
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
      maxVUs: 60,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.05'],
    checks: ['rate>0.95'],
    ...latencyThresholds({
      'GET /products': [250, 500],
      'GET /products/:id': [250, 500],
      'POST /orders': [1000, 2000],
      'GET /orders/:id': [250, 500],
    }),
  },
};

export default function shopper(): void {
  shop({ checkoutShare: 0.6 });
}

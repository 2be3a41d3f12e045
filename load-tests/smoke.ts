/**
 * A quick health check: one virtual user shops for 30 seconds, checking out on every visit, and the
 * run fails on any unexpected answer, any failed check, or an endpoint that was never reached: k6
 * exits with code 99, which under a fault is the fault showing (it says so as it ends).
 *
 *   SHOP_URL  (default http://localhost:8080): the edge gateway
 */
import type { Options } from 'k6/options';
import { everyEndpointCalled, latencyThresholds, shop } from './lib/shop.ts';
import { explainTheVerdict } from './lib/verdict.ts';

export const options: Options = {
  scenarios: {
    // @types/k6 declares scenario configs as classes; k6 itself takes plain objects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    smoke: {
      executor: 'constant-vus',
      vus: 1,
      duration: '30s',
    },
  },
  thresholds: {
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
    ...everyEndpointCalled(),
    ...latencyThresholds({
      'GET /api/v1/products': [500, 1000],
      'GET /api/v1/products/:id': [500, 1000],
      'POST /api/v1/orders': [1000, 2000],
      'GET /api/v1/orders/:id': [500, 1000],
    }),
  },
};

export default function smokeShopper(): void {
  shop({ checkoutShare: 1 });
}

/** Runs once, after the visits and just before k6 prints its summary. */
export function teardown(): void {
  explainTheVerdict();
}

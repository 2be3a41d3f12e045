/**
 * Steady background traffic for the compose stack (the `shoppers` service), the shop's everyday:
 * 16 visits a second. A visit lists the catalog and opens a few product pages; 15% of visits check
 * out a cart of one to four products and open the order — about 2.4 checkouts a second, the rate
 * the alerts and the tutorial are sized for — with a card mix that includes the declining test
 * cards, so declines are part of "normal". lib/visit-mix.ts has the numbers. Runs until stopped
 * (compose restarts it if it ever exits).
 *
 * No thresholds: this run never ends, so nothing could judge them. Compose runs it with
 * `--summary-mode=disabled --no-thresholds` because, unless both are off, k6 feeds every sample to
 * its metrics engine for the whole run (k6's internal/cmd/run.go). On the stack the shop is judged
 * by the Prometheus alerts (CheckoutErrorBudgetBurnFast/Slow, CheckoutLatencyHigh); a run with an
 * end that judges it is the sale (seasonal-sale.ts) or the smoke test.
 *
 *   SHOP_URL  (default http://localhost:8080): the edge gateway
 *   SHOPPERS_RATE  visits per second (default 16; 15% of them check out)
 */
import type { Options } from 'k6/options';
import { shop } from './lib/shop.ts';

const RATE = Number(__ENV['SHOPPERS_RATE'] ?? '16');

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
      // 16 visits/s keep ~10 VUs busy (0.6 s a visit, reading included) and 12–14 with payment
      // slowed (measured: load-tests/README.md). Past 16 k6 drops visits (counted in
      // dropped_iterations) instead of growing past the container's memory limit.
      maxVUs: 16,
    },
  },
};

export default function shopper(): void {
  shop({ checkoutShare: 0.15 });
}

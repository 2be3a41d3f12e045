import type { Faults } from '@faultline/faults';
import type { Logger, RetryPolicy } from '@faultline/instrumented';
import type { OrderMetrics } from './order-metrics';
import type {
  CardVault,
  CatalogClient,
  InventoryClient,
  OrderRepository,
  PaymentClient,
} from './ports';
import type { ResetGate } from '@faultline/service';

/** What the checkout and the retry worker work with, injected by the composition root. */
export interface CheckoutDeps {
  orders: OrderRepository;
  catalog: CatalogClient;
  inventory: InventoryClient;
  payments: PaymentClient;
  vault: CardVault;
  metrics: OrderMetrics;
  logger: Logger;
  reservationTtlSeconds: number;
  /** Backoff between payment tries; `attempts` is how many worker tries before giving up. */
  paymentRetry: RetryPolicy;
  clock: () => Date;
  random: () => number;
  /** Checkouts and worker passes go through it, so a data reset never cuts one in two. */
  resetGate: ResetGate;
  /** Fault points of the order service (the retry worker's heartbeat). */
  faults?: Faults | undefined;
}

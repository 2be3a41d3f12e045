import type { Faults } from '@faultline/faults';
import type { Logger, Metrics } from '@faultline/instrumented';
import type { Pool } from '@faultline/postgres';
import { catalogClient } from './clients/catalog-client';
import { inventoryClient } from './clients/inventory-client';
import { paymentClient } from './clients/payment-client';
import type { OrderConfig } from './config';
import { cardVault } from './data/card-vault';
import { orderRepository } from './data/order-repository';
import { seedData } from './data/seed-data';
import type { CheckoutDeps } from './domain/checkout-deps';
import { orderMetrics } from './domain/order-metrics';
import { paymentRollout } from './domain/payment-rollout';
import type { PaymentRollout } from './domain/payment-rollout';
import type { ResetDataDeps } from './domain/reset-data';
import { createResetGate } from '@faultline/service';

/**
 * How long a data reset waits for the checkouts and the worker pass in flight: longer than a
 * checkout takes with every downstream timing out, short enough for a host waiting at the CLI.
 */
const RESET_DRAIN_TIMEOUT_MS = 15_000;

/** The part of the config the order service's wiring reads. */
type OrderSettings = Pick<
  OrderConfig,
  | 'CATALOG_URL'
  | 'INVENTORY_URL'
  | 'PAYMENT_URL'
  | 'DOWNSTREAM_TIMEOUT_MS'
  | 'PAYMENT_TIMEOUT_MS'
  | 'PAYMENT_BREAKER_VOLUME_THRESHOLD'
  | 'PAYMENT_BREAKER_RESET_MS'
  | 'RESERVATION_TTL_SECONDS'
  | 'RETRY_BASE_DELAY_MS'
  | 'RETRY_MAX_DELAY_MS'
  | 'PAYMENT_MAX_ATTEMPTS'
  | 'CARD_VAULT_KEY'
  | 'SERVICE_TOKEN'
>;

/** Checkout's dependencies, and the payment rollout behind its payment client. */
export interface ComposedOrder extends CheckoutDeps {
  /** The same object as `payments`: /admin/deployments moves its traffic. */
  rollout: PaymentRollout;
}

/**
 * The order service's one composition root: plugs the adapters (Postgres repository, card vault,
 * downstream clients) into the domain's ports, with the settings, resources and observability
 * main.ts made. The result drives both the HTTP app and the retry worker.
 */
export function composeOrder(
  settings: OrderSettings,
  pool: Pool,
  logger: Logger,
  metrics: Metrics,
  faults?: Faults,
): ComposedOrder {
  const downstream = {
    timeoutMs: settings.DOWNSTREAM_TIMEOUT_MS,
    serviceToken: settings.SERVICE_TOKEN,
    metrics,
    logger,
  };
  const orders = orderRepository(pool);
  // The stable release at PAYMENT_URL and, during a deployment, a canary beside it: each its own
  // client (and breaker) with the same settings, the split in one place.
  const paymentAt = (baseUrl: string) =>
    paymentClient({
      ...downstream,
      baseUrl,
      timeoutMs: settings.PAYMENT_TIMEOUT_MS,
      breakerVolumeThreshold: settings.PAYMENT_BREAKER_VOLUME_THRESHOLD,
      breakerResetMs: settings.PAYMENT_BREAKER_RESET_MS,
      faults,
    });
  const rollout = paymentRollout({
    stable: paymentAt(settings.PAYMENT_URL),
    connect: paymentAt,
    random: Math.random,
    metrics,
    logger,
  });
  return {
    orders,
    catalog: catalogClient({ ...downstream, baseUrl: settings.CATALOG_URL }),
    inventory: inventoryClient({ ...downstream, baseUrl: settings.INVENTORY_URL }),
    payments: rollout,
    rollout,
    vault: cardVault(settings.CARD_VAULT_KEY),
    metrics: orderMetrics(metrics, () => orders.countByStatus('payment_pending')),
    logger,
    reservationTtlSeconds: settings.RESERVATION_TTL_SECONDS,
    paymentRetry: {
      attempts: settings.PAYMENT_MAX_ATTEMPTS,
      baseDelayMs: settings.RETRY_BASE_DELAY_MS,
      maxDelayMs: settings.RETRY_MAX_DELAY_MS,
    },
    clock: () => new Date(),
    random: Math.random,
    resetGate: createResetGate(RESET_DRAIN_TIMEOUT_MS),
    faults,
  };
}

/** What POST /admin/reset works with: the orders table and the checkout's reset gate. */
export function composeReset(pool: Pool, checkout: CheckoutDeps): ResetDataDeps {
  return { seed: seedData(pool), resetGate: checkout.resetGate, logger: checkout.logger };
}

/** Stops the downstream clients' breaker timers (the pool is main.ts's to end). */
export function closeOrder(deps: CheckoutDeps): void {
  deps.catalog.close();
  deps.inventory.close();
  deps.payments.close();
}

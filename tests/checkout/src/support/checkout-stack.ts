import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import type { ServiceName } from '@faultline/stack';
import { ServiceUnderTest } from './service-under-test';

/** The SERVICE_TOKEN every service of the stack shares unless a test gives one its own. */
export const SERVICE_TOKEN = 'checkout-tests-service-token';
/** Headers for calling inventory or payment directly, as order does. */
export const AS_SERVICE: Readonly<Record<string, string>> = { 'x-service-token': SERVICE_TOKEN };

/**
 * Order's retry backoff (first try and ceiling alike): days, so no order becomes due by itself
 * during a test. A test makes an order due with SQL (`next_attempt_at = now()`, or `updated_at`
 * further back than this for a settlement) and waits for the worker's next pass, which comes
 * every RETRY_WORKER_INTERVAL_MS: each try is one the test asked for, and can be counted.
 */
const RETRY_BACKOFF_MS = 7 * 24 * 60 * 60 * 1000;

/** A test card the simulated gateway always approves. */
export const PAYING_CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' };

export interface CheckoutStackSettings {
  paymentTimeoutMs?: number;
  maxAttempts?: number;
  /** A SERVICE_TOKEN of its own for some services (to see a mismatch fail). */
  serviceTokens?: Partial<Record<ServiceName, string>>;
}

export interface CheckoutStack {
  order: ServiceUnderTest;
  catalog: ServiceUnderTest;
  inventory: ServiceUnderTest;
  payment: ServiceUnderTest;
  /** One unit of a product bought with a card that pays, under a fresh Idempotency-Key. */
  buy(
    productId: string,
    customerId?: string,
  ): Promise<{ status: number; body: Record<string, any> }>;
  /** Units of a SKU inventory has available. */
  stockOf(sku: string): Promise<number>;
  /** Gateway charges booked for an order, however many payments it took (never more than one). */
  chargesFor(orderId: string): Promise<number>;
  /** Stops every process still running (order first) and drops the four databases. */
  close(): Promise<void>;
}

/**
 * The order service as a real process against real catalog, inventory and payment processes, each
 * on a database of its own. Settings are shortened for tests; the retry worker runs every 50 ms.
 */
export async function startCheckoutStack(
  settings: CheckoutStackSettings = {},
): Promise<CheckoutStack> {
  const tokenOf = (name: ServiceName): string => settings.serviceTokens?.[name] ?? SERVICE_TOKEN;
  const dbs = await Promise.all(
    (['order', 'catalog', 'inventory', 'payment'] as const).map((name) =>
      createTestDatabase(`checkout_${name}`),
    ),
  );
  const [orderDb, catalogDb, inventoryDb, paymentDb] = dbs as [
    TestDatabase,
    TestDatabase,
    TestDatabase,
    TestDatabase,
  ];
  const catalog = new ServiceUnderTest('catalog', catalogDb, {});
  const inventory = new ServiceUnderTest('inventory', inventoryDb, {
    SERVICE_TOKEN: tokenOf('inventory'),
  });
  const payment = new ServiceUnderTest('payment', paymentDb, {
    GATEWAY_LATENCY_MEDIAN_MS: '1',
    STALE_PROCESSING_MS: '1000',
    SERVICE_TOKEN: tokenOf('payment'),
  });
  const order = new ServiceUnderTest('order', orderDb, {
    DOWNSTREAM_TIMEOUT_MS: '2000',
    PAYMENT_TIMEOUT_MS: String(settings.paymentTimeoutMs ?? 2000),
    PAYMENT_BREAKER_VOLUME_THRESHOLD: '1000',
    PAYMENT_BREAKER_RESET_MS: '1000',
    RESERVATION_TTL_SECONDS: '600',
    RETRY_WORKER_INTERVAL_MS: '50',
    RETRY_BASE_DELAY_MS: String(RETRY_BACKOFF_MS),
    RETRY_MAX_DELAY_MS: String(RETRY_BACKOFF_MS),
    PAYMENT_MAX_ATTEMPTS: String(settings.maxAttempts ?? 5),
    STALE_CHECKOUT_MS: '60000',
    CARD_VAULT_KEY: '00'.repeat(32),
    SERVICE_TOKEN: tokenOf('order'),
  });
  const services = [order, catalog, inventory, payment];

  const close = async (): Promise<void> => {
    await order.close(); // first: it calls the others
    await Promise.all([catalog, inventory, payment].map((service) => service.close()));
    await Promise.all(dbs.map((db) => db.drop()));
  };

  try {
    // allSettled: if one fails, the others must have finished starting before close() runs.
    const started = await Promise.allSettled([catalog.start(), inventory.start(), payment.start()]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    // Downstreams restart on the same port, so these URLs hold for the whole test.
    await order.start({
      CATALOG_URL: catalog.url,
      INVENTORY_URL: inventory.url,
      PAYMENT_URL: payment.url,
    });
  } catch (error) {
    await close();
    const output = services.map((service) => service.logText()).join('\n');
    throw new Error(`the checkout stack did not start: ${String(error)}\n${output}`);
  }

  return {
    order,
    catalog,
    inventory,
    payment,
    async buy(productId, customerId = 'c-checkout') {
      const res = await fetch(`${order.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          customerId,
          items: [{ productId, quantity: 1 }],
          payment: PAYING_CARD,
        }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    },
    async stockOf(sku) {
      const res = await fetch(`${inventory.url}/stock/${sku}`, {
        headers: { 'x-service-token': tokenOf('inventory') },
      });
      return ((await res.json()) as { available: number }).available;
    },
    async chargesFor(orderId) {
      const rows = await payment.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM gateway_charges g JOIN payments p ON g.idempotency_key = p.id::text WHERE p.order_id = $1',
        [orderId],
      );
      return Number(rows[0]?.n);
    },
    close,
  };
}

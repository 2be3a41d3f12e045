import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaults } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { LogCapture } from '@faultline/instrumented/testing';
import { createApp } from '../app';
import { composeGateway } from '../compose';
import type { GatewaySettings } from '../compose';
import { loadScenarioLibrary } from '../scenario-library';
import type { ScenarioLibrary } from '../scenario-library';
import { locateStorefront } from '../storefront-dir';
import type { StorefrontDir } from '../storefront-dir';
import { startStandIn } from './stand-in';
import type { Handler, Received, StandIn } from './stand-in';

export const SERVICE_TOKEN = 'gateway-tests-service-token';
export const ADMIN_TOKEN = 'gateway-tests-admin';
export const ORDER_ID = '3b241101-e2bb-5255-8caf-4136c566a962';

export const PRODUCTS = [
  {
    id: 'prd_01',
    sku: 'FL-TENT-2P',
    name: 'Ridgeline 2-person tent',
    price: { amount: 24900, currency: 'EUR' },
  },
  {
    id: 'prd_02',
    sku: 'FL-BAG-3S',
    name: 'Three-season sleeping bag',
    price: { amount: 12900, currency: 'EUR' },
  },
];

/** A paid order as order answers it. */
export const PAID_ORDER = {
  id: ORDER_ID,
  status: 'paid',
  customerId: 'c-1',
  items: [
    {
      productId: 'prd_01',
      sku: 'FL-TENT-2P',
      name: 'Ridgeline 2-person tent',
      quantity: 1,
      unitPrice: { amount: 24900, currency: 'EUR' },
    },
  ],
  total: { amount: 24900, currency: 'EUR' },
  paymentId: 'pay-1',
  createdAt: '2026-11-03T10:00:00.000Z',
};

/** A checkout body order accepts. */
export const CHECKOUT = {
  customerId: 'c-1',
  items: [{ productId: 'prd_01', quantity: 1 }],
  payment: { cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' },
};

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `urn:faultline:problem:${code}`,
  title: 'Problem',
  status,
  detail: `${code} (from the stand-in)`,
  code,
  ...extra,
});

/** Catalog as the gateway calls it: the list, and each product by id. */
export const catalogAnswers: Handler = ({ url }) => {
  if (url === '/products') return { status: 200, body: { items: PRODUCTS } };
  const product = PRODUCTS.find((p) => url === `/products/${p.id}`);
  return product
    ? { status: 200, body: product }
    : { status: 404, body: problem(404, 'product_not_found') };
};

/** Inventory with 3 tents and no sleeping bags stocked at all (it does not know FL-BAG-3S). */
export const inventoryAnswers: Handler = ({ url, headers }) => {
  if (headers['x-service-token'] !== SERVICE_TOKEN)
    return { status: 401, body: problem(401, 'service_token_missing') };
  if (url === '/stock')
    return { status: 200, body: { items: [{ sku: 'FL-TENT-2P', available: 3 }] } };
  if (url === '/stock/FL-TENT-2P')
    return { status: 200, body: { sku: 'FL-TENT-2P', available: 3 } };
  return { status: 404, body: problem(404, 'sku_not_found') };
};

/** Order: every checkout paid, the one order found by id. */
export const orderAnswers: Handler = ({ method, url }) => {
  if (method === 'POST' && url === '/orders') return { status: 201, body: PAID_ORDER };
  if (method === 'GET' && url === `/orders/${ORDER_ID}`) return { status: 200, body: PAID_ORDER };
  return { status: 404, body: problem(404, 'order_not_found', { instance: url }) };
};

export const collectorAnswers: Handler = () => ({ status: 200, body: { partialSuccess: {} } });

export { problem };

/** The files of a storefront build: index.html, a hashed script, an unhashed icon. */
export function storefrontBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-storefront-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Faultline shop</title><div id="root"></div>',
  );
  writeFileSync(join(dir, 'assets', 'index-B7x2kQ9a.js'), 'console.log("shop");');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

export interface GatewayHarness {
  url: string;
  catalog: StandIn;
  inventory: StandIn;
  order: StandIn;
  collector: StandIn;
  metrics: Metrics;
  logs: LogCapture;
  faults: Faults;
  /** Every request any stand-in received. */
  upstreamRequests(): Received[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<GatewaySettings>;
  /** A storefront build folder; none: one is made (and removed on close). */
  storefront?: { dir: string } | 'missing';
  /** The control room's scenarios; the repository's by default. */
  scenarios?: ScenarioLibrary;
}

/**
 * The gateway's real app (composeGateway, createApp) over HTTP, in front of real HTTP servers
 * standing in for catalog, inventory, order and the collector. Limits are high unless a test sets
 * them, so only the tests about them meet them.
 */
export async function startGateway(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const [catalog, inventory, order, collector] = await Promise.all([
    startStandIn(catalogAnswers),
    startStandIn(inventoryAnswers),
    startStandIn(orderAnswers),
    startStandIn(collectorAnswers),
  ]);
  const given = options.storefront;
  const madeBuild = given === undefined ? storefrontBuild() : undefined;
  const storefront: StorefrontDir =
    given === 'missing'
      ? { found: false, dir: '/nowhere', reason: 'The storefront is not built (test).' }
      : locateStorefront(given?.dir ?? madeBuild);
  const logs = captureLogs();
  const logger = createLogger({ service: 'gateway', destination: logs.destination });
  const metrics = freshMetrics();
  const faults = createFaults({ metrics });
  const gateway = composeGateway(
    {
      CATALOG_URL: catalog.url,
      INVENTORY_URL: inventory.url,
      ORDER_URL: order.url,
      // Nothing listens on port 1: a test of the control room's proxy gives it a payment.
      PAYMENT_URL: 'http://127.0.0.1:1',
      SERVICE_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      RATE_LIMIT_PER_SECOND: 1000,
      RATE_LIMIT_BURST: 1000,
      TELEMETRY_RATE_LIMIT_PER_SECOND: 1000,
      TELEMETRY_RATE_LIMIT_BURST: 1000,
      CORS_ALLOWED_ORIGINS: [],
      TRUST_PROXY: false,
      UPSTREAM_TIMEOUT_MS: 1000,
      ORDER_TIMEOUT_MS: 2000,
      CONTROL_STACKS: [],
      CONTROL_PROMETHEUS_URL: undefined,
      ...options.settings,
    },
    storefront,
    options.scenarios ?? loadScenarioLibrary(undefined),
    logger,
    metrics,
    faults,
  );
  const app = await listenForTest(
    createApp({ logger, metrics, faults: { engine: faults, adminToken: ADMIN_TOKEN }, gateway }),
  );
  const standIns = [catalog, inventory, order, collector];
  return {
    url: app.url,
    catalog,
    inventory,
    order,
    collector,
    metrics,
    logs,
    faults,
    upstreamRequests: () => standIns.flatMap((standIn) => standIn.received),
    close: async () => {
      await app.close();
      gateway.close();
      await faults.close();
      await Promise.all(standIns.map((standIn) => standIn.close()));
      if (madeBuild) rmSync(madeBuild, { recursive: true, force: true });
    },
  };
}

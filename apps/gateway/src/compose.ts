import { clientFaults } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import type { Logger, Metrics } from '@faultline/instrumented';
import { activeFaultsWith } from './clients/active-faults';
import { catalogClient } from './clients/catalog-client';
import { COLLECTOR, collectorClient } from './clients/collector-client';
import { faultAdminProxy } from './clients/fault-admin-proxy';
import { inventoryClient } from './clients/inventory-client';
import { orderClient } from './clients/order-client';
import { otherStacks } from './clients/other-stacks';
import { stackResetWith } from './clients/stack-reset';
import type { GatewayConfig } from './config';
import { gatewayMetrics } from './domain/gateway-metrics';
import type { GatewayMetrics } from './domain/gateway-metrics';
import type { Orders, TelemetryCollector } from './domain/ports';
import type { ProductsDeps } from './domain/products';
import { createRateLimiter } from './domain/rate-limiter';
import type { RateLimiters } from './guards/rate-limit';
import type { ControlRoom } from './routes/control';
import type { ScenarioLibrary } from './scenario-library';
import type { StorefrontDir } from './storefront-dir';

/** The part of the config the gateway's wiring reads. */
export type GatewaySettings = Pick<
  GatewayConfig,
  | 'CATALOG_URL'
  | 'INVENTORY_URL'
  | 'ORDER_URL'
  | 'PAYMENT_URL'
  | 'SERVICE_TOKEN'
  | 'OTEL_EXPORTER_OTLP_ENDPOINT'
  | 'RATE_LIMIT_PER_SECOND'
  | 'RATE_LIMIT_BURST'
  | 'TELEMETRY_RATE_LIMIT_PER_SECOND'
  | 'TELEMETRY_RATE_LIMIT_BURST'
  | 'CORS_ALLOWED_ORIGINS'
  | 'TRUST_PROXY'
  | 'UPSTREAM_TIMEOUT_MS'
  | 'ORDER_TIMEOUT_MS'
  | 'CONTROL_STACKS'
  | 'CONTROL_PROMETHEUS_URL'
>;

/** The gateway's dependencies, wired once. */
export interface GatewayDeps {
  products: ProductsDeps;
  orders: Orders;
  collector: TelemetryCollector;
  limits: RateLimiters;
  storefront: StorefrontDir;
  /** The fault control room's scenarios and its ways to every process's faults. */
  control: ControlRoom;
  /** Origins besides the gateway's own that may call /api and /otlp. */
  corsOrigins: readonly string[];
  /** Whether one reverse proxy in front tells the client's address (X-Forwarded-For). */
  trustProxy: boolean;
  metrics: GatewayMetrics;
  clock: () => Date;
  /** Stops the clients' breaker timers. */
  close(): void;
}

/** How long the control room waits for a service's admin API (under the panel's own 5 s). */
const ADMIN_TIMEOUT_MS = 4000;

/**
 * The gateway's one composition root: a client per service behind the domain's ports, the
 * collector, the rate limiters, the storefront and the scenarios found at start. With `faults`,
 * every shop client's calls carry the gateway.http fault point, told apart by the peer they call;
 * the control room's calls to the admin APIs (and to the room's other stacks) never do.
 */
export function composeGateway(
  settings: GatewaySettings,
  storefront: StorefrontDir,
  scenarios: ScenarioLibrary,
  logger: Logger,
  metrics: Metrics,
  faults?: Faults,
): GatewayDeps {
  const upstream = (peer: string) => ({
    timeoutMs: settings.UPSTREAM_TIMEOUT_MS,
    metrics,
    logger,
    ...(faults && { interceptor: clientFaults(faults, 'gateway.http', peer) }),
  });
  const catalog = catalogClient({ ...upstream('catalog'), baseUrl: settings.CATALOG_URL });
  const stock = inventoryClient({
    ...upstream('inventory'),
    baseUrl: settings.INVENTORY_URL,
    serviceToken: settings.SERVICE_TOKEN,
  });
  const orders = orderClient({
    ...upstream('order'),
    baseUrl: settings.ORDER_URL,
    timeoutMs: settings.ORDER_TIMEOUT_MS,
  });
  const collector = collectorClient({
    ...upstream(COLLECTOR),
    baseUrl: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const ownMetrics = gatewayMetrics(metrics);
  const adminUrls = {
    catalog: settings.CATALOG_URL,
    inventory: settings.INVENTORY_URL,
    order: settings.ORDER_URL,
    payment: settings.PAYMENT_URL,
  };
  return {
    products: { catalog, stock, logger, metrics: ownMetrics },
    orders,
    collector,
    limits: {
      shop: createRateLimiter({
        ratePerSecond: settings.RATE_LIMIT_PER_SECOND,
        burst: settings.RATE_LIMIT_BURST,
      }),
      telemetry: createRateLimiter({
        ratePerSecond: settings.TELEMETRY_RATE_LIMIT_PER_SECOND,
        burst: settings.TELEMETRY_RATE_LIMIT_BURST,
      }),
    },
    storefront,
    control: {
      scenarios,
      proxy: faultAdminProxy(adminUrls, ADMIN_TIMEOUT_MS),
      activeFaults: activeFaultsWith(adminUrls, faults, ADMIN_TIMEOUT_MS),
      stacks: otherStacks(settings.CONTROL_STACKS),
      reset: stackResetWith(adminUrls, faults, settings.CONTROL_PROMETHEUS_URL, ADMIN_TIMEOUT_MS),
    },
    corsOrigins: settings.CORS_ALLOWED_ORIGINS,
    trustProxy: settings.TRUST_PROXY,
    metrics: ownMetrics,
    clock: () => new Date(),
    close: () => {
      for (const client of [catalog, stock, orders, collector]) client.close();
    },
  };
}

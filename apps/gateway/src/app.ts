import { faultInjection } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { createServiceApp, isServiceCallError, jsonBody } from '@faultline/instrumented';
import type { Logger, Metrics, UnavailableWhen } from '@faultline/instrumented';
import type { Express } from 'express';
import { COLLECTOR } from './clients/collector-client';
import type { GatewayDeps } from './compose';
import { cors } from './guards/cors';
import { rateLimit } from './guards/rate-limit';
import { SECURITY_HEADERS } from './guards/security-headers';
import { controlRoutes } from './routes/control';
import { orderRoutes } from './routes/orders';
import { productRoutes } from './routes/products';
import { storefrontRoutes } from './routes/storefront';
import { telemetryRoutes } from './routes/telemetry';

export interface GatewayAppDeps {
  logger: Logger;
  metrics: Metrics;
  /** Fault injection (admin API and the gateway's http.server fault point); off when absent. */
  faults?: FaultSetup;
  /** What composeGateway wired. */
  gateway: GatewayDeps;
}

/** A browser's trace export batches up to 512 spans; the shop's own bodies stay at 16 KB. */
const TELEMETRY_BODY_LIMIT = '512kb';

/** What the gateway calls: a call to one that gets no usable answer is a 503 naming it. */
const PEERS = ['catalog', 'inventory', 'order', COLLECTOR] as const;
const unavailablePeers: UnavailableWhen = Object.fromEntries(
  PEERS.map((peer) => [
    peer,
    (error: unknown) => isServiceCallError(error) && error.peerService === peer,
  ]),
);

/**
 * The gateway's HTTP app; it never listens (see main.ts). Every answer carries the security
 * headers. In order: request id, RED metrics, health, metrics, /admin/faults and the http.server
 * fault point (createServiceApp), then CORS, the per-client rate limits, and only then the public
 * API (/api/v1), the telemetry forward (/otlp), the fault control room's API (/control/api: behind
 * the rate limits, so its token cannot be guessed at speed; outside CORS, so only the gateway's
 * own pages can call it) and the storefront (whose /control page uses it). Ready as soon as it listens:
 * a service that is down is answered for (a 503 naming it, a product list without stock), and
 * taking the shop's only entrance out of a balancer would turn that into no answer at all.
 */
export function createApp({ logger, metrics, faults, gateway }: GatewayAppDeps): Express {
  const options = {
    logger,
    metrics,
    ...faultInjection(faults),
    responseHeaders: SECURITY_HEADERS,
    unavailableWhen: unavailablePeers,
  };
  return createServiceApp(options, (app, kit) => {
    // X-Forwarded-For is believed only from the one proxy we were told is in front.
    app.set('trust proxy', gateway.trustProxy ? 1 : false);
    app.use(['/api', '/otlp'], cors(gateway.corsOrigins));
    app.use(rateLimit(gateway.limits, gateway.metrics));
    app.use(productRoutes(gateway.products));
    app.use(orderRoutes(kit, gateway.orders, gateway.clock));
    app.use(telemetryRoutes(gateway.collector, jsonBody(TELEMETRY_BODY_LIMIT)));
    app.use(controlRoutes(gateway.control, faults, kit));
    app.use(storefrontRoutes(gateway.storefront));
  });
}

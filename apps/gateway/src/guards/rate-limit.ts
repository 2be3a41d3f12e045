import { AppError } from '@faultline/instrumented';
import type { Request, RequestHandler } from 'express';
import type { GatewayMetrics, RateLimitedRoute } from '../domain/gateway-metrics';
import type { RateLimiter } from '../domain/rate-limiter';

export interface RateLimiters {
  /** The shop's API and pages. */
  shop: RateLimiter;
  /** The browser's telemetry exports (/otlp). */
  telemetry: RateLimiter;
}

const routeOf = (path: string): RateLimitedRoute => {
  if (path === '/otlp' || path.startsWith('/otlp/')) return 'otlp';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return 'storefront';
};

/**
 * The client a bucket belongs to: the connection's address, or with TRUST_PROXY the address our
 * proxy saw (Express's `req.ip` under `trust proxy`).
 */
const clientOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Per-client rate limits, before anything is read or proxied: over its rate a client gets 429
 * problem+json with Retry-After in whole seconds, counted in gateway_rate_limited_total{route}.
 */
export function rateLimit(limiters: RateLimiters, metrics: GatewayMetrics): RequestHandler {
  return (req, _res, next) => {
    const route = routeOf(req.path);
    const limiter = route === 'otlp' ? limiters.telemetry : limiters.shop;
    const admission = limiter.admit(clientOf(req));
    if (admission.admitted) {
      next();
      return;
    }
    metrics.rateLimited(route);
    const seconds = admission.retryAfterSeconds;
    next(
      new AppError(
        'rate_limited',
        429,
        `Too many requests from this client; try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      ),
    );
  };
}

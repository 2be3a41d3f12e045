import { AppError } from '@faultline/instrumented';
import type { RequestHandler } from 'express';

/** What a page of an allowed origin may send: JSON, the checkout's key, trace context, a request id. */
const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, traceparent, tracestate, X-Request-ID';
/** What it may read of an answer besides the simple headers. */
const EXPOSED_HEADERS = 'X-Request-ID, Retry-After';

/**
 * CORS, deliberately: the storefront is served from the gateway's own origin and needs none of it.
 * A page of another origin gets Access-Control-* headers only when CORS_ALLOWED_ORIGINS names it;
 * a preflight from any other is refused with 403 (so its request is never sent). Requests from
 * origins not named go on without the headers, and the browser keeps their answers from the page.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return (req, res, next) => {
    const origin = req.get('origin');
    // Caches must not give one origin's answer to another once answers depend on it.
    if (allowed.size > 0) res.vary('Origin');
    const isAllowed = origin !== undefined && allowed.has(origin.toLowerCase());
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method');
    if (isAllowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!preflight) {
      next();
      return;
    }
    if (!isAllowed) {
      next(
        new AppError(
          'origin_not_allowed',
          403,
          `Origin ${origin ?? '(none)'} may not call this API: it is not in CORS_ALLOWED_ORIGINS.`,
          { invalidParams: [{ name: 'header.Origin', reason: 'is not an allowed origin' }] },
        ),
      );
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * The header a service sends its SERVICE_TOKEN in. Not `Authorization`: that header already carries
 * the admin API's `Bearer FAULT_ADMIN_TOKEN`, a request holds only one, and a future edge gateway
 * may forward a customer's own. A header of its own keeps the two credentials and guards apart.
 */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/** Problem codes of the guard; a client seeing one knows its SERVICE_TOKEN is not the peer's. */
export const SERVICE_TOKEN_PROBLEMS = ['service_token_missing', 'service_token_invalid'] as const;

// Fixed-length digests, so the comparison takes the same time whatever the given token's length.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Guards a service's internal routes: 401 problem+json without X-Service-Token, 403 with a wrong
 * one; the request goes no further either way. The token is compared in constant time and never
 * logged or echoed. Mount it after /health, /metrics and /admin/faults, before the business routes.
 */
export function requireServiceToken(token: string): RequestHandler {
  if (token === '') throw new Error('requireServiceToken: the service token is empty');
  const expected = digest(token);
  return (req, res, next) => {
    const given = req.get(SERVICE_TOKEN_HEADER);
    if (given === undefined || given === '') {
      // A 401 names its challenge; the scheme is this header, not HTTP authentication.
      res.setHeader('WWW-Authenticate', 'ServiceToken realm="faultline-internal"');
      next(
        new AppError(
          'service_token_missing',
          401,
          'This endpoint is internal: send the service token (SERVICE_TOKEN) in X-Service-Token.',
        ),
      );
      return;
    }
    if (!timingSafeEqual(digest(given), expected)) {
      next(
        new AppError(
          'service_token_invalid',
          403,
          'The X-Service-Token is not this deployment’s service token.',
        ),
      );
      return;
    }
    next();
  };
}

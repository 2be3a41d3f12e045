import { AppError } from '@faultline/instrumented';
import type { RequestHandler } from 'express';

/**
 * A body that is not application/json is refused with 415 before it is read. A request with no
 * body goes on, to be refused by the route for what it lacks.
 */
export const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.is('application/json') === false) {
    next(
      new AppError('unsupported_media_type', 415, 'Send the body as application/json.', {
        invalidParams: [{ name: 'header.Content-Type', reason: 'must be application/json' }],
      }),
    );
    return;
  }
  next();
};

/**
 * jsonOnly for a route whose body is optional: an empty body (`Content-Length: 0`, which fetch
 * and curl send for a POST without one) goes on untyped; any other must be application/json.
 */
export const jsonOrEmpty: RequestHandler = (req, res, next) => {
  if (req.get('content-length') === '0' && req.get('transfer-encoding') === undefined) {
    next();
    return;
  }
  jsonOnly(req, res, next);
};

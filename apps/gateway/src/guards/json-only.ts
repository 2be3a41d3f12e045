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

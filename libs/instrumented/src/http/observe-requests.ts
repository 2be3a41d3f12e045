import { AsyncResource } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { routeTemplate } from './route-template';
import { isUntracedPath } from './untraced-paths';

/**
 * Records the RED histogram (with the trace as exemplar) and one log line per request once the
 * response is finished. Health, metrics and admin endpoints are left out: they are scraped or operated, not used.
 */
export function observeRequests(metrics: Metrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (isUntracedPath(req.path)) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    // Bound so the exemplar and the log line carry this request's trace and request id.
    res.once(
      'finish',
      AsyncResource.bind(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = routeTemplate(req);
        const statusCode = res.statusCode;
        metrics.observe(
          metrics.httpServerDuration,
          { method: req.method, route, status_code: statusCode },
          seconds,
        );
        const fields = {
          event: 'http_request_completed',
          http: { method: req.method, route, status_code: statusCode },
          duration_ms: Math.round(seconds * 1e4) / 10,
        };
        if (statusCode >= 500) logger.error(fields, 'request failed');
        else if (statusCode >= 400) logger.warn(fields, 'request rejected');
        else logger.info(fields, 'request completed');
      }),
    );
    next();
  };
}

import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import type { UnavailableWhen } from './dependency-unavailable';
import { liveHandler, readyHandler } from './health';
import type { ReadinessCheck } from './health';
import { jsonBody } from './json-body';
import { observeRequests } from './observe-requests';
import { notFoundHandler, problemErrorHandler } from './problem';
import { requestId } from './request-id';

export interface ServiceAppOptions {
  logger: Logger;
  metrics: Metrics;
  /** Dependency checks run by /health/ready, by name (e.g. `{ postgres: () => pool.query('select 1') }`). */
  readiness?: Record<string, ReadinessCheck>;
  /** Largest JSON body accepted (default 16 KB); larger bodies get 413 problem+json. */
  jsonLimit?: string;
  /**
   * Mounted in this order after request id, request metrics/logs, /health/*, /metrics and before
   * the service's own routes (so before any guard those routes put up, and after the requests are
   * counted). An admin API and the http.server fault point go here (see @faultline/faults).
   */
  beforeRoutes?: readonly MountRoutes[];
  /**
   * Errors that mean a dependency is down, by dependency name (e.g. `{ postgres: isConnectionFailure }`):
   * answered 503 `dependency_unavailable` naming it, with Retry-After, instead of 500.
   */
  unavailableWhen?: UnavailableWhen;
  /**
   * Headers set on every answer, health, metrics, problems and 404s included (an edge's security
   * headers): set before anything else runs, so no answer leaves without them.
   */
  responseHeaders?: Readonly<Record<string, string>>;
}

/** What a service's routes are mounted with. */
export interface RouteKit {
  /**
   * JSON body parser with the configured limit. Put it on the route (`router.post(path, json, …)`),
   * not on the app, so a malformed body is still labelled with its route template. Bodies that do
   * not parse or decompress, and strings holding U+0000, are refused with 4xx naming the field.
   */
  json: RequestHandler;
}

/** Adds routes or middleware to a service app. */
export type MountRoutes = (app: Express, kit: RouteKit) => void;

/**
 * An Express app with Faultline's plumbing: request id, RED metrics and request logs, /health/live,
 * /health/ready, /metrics, problem+json errors and 404s. `mountRoutes` adds the service's own routes.
 * It never listens; see `serve`.
 */
export function createServiceApp(options: ServiceAppOptions, mountRoutes: MountRoutes): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.locals['draining'] = false;

  const responseHeaders = Object.entries(options.responseHeaders ?? {});
  if (responseHeaders.length > 0) {
    app.use((_req, res, next) => {
      for (const [name, value] of responseHeaders) res.setHeader(name, value);
      next();
    });
  }
  app.use(requestId);
  app.use(observeRequests(metrics, logger));

  app.get('/health/live', liveHandler);
  app.get('/health/ready', readyHandler(options.readiness ?? {}, { logger }));
  app.get('/metrics', (_req, res, next) => {
    metrics.registry
      .metrics()
      .then((body) => res.type(metrics.registry.contentType).send(body), next);
  });

  const kit: RouteKit = { json: jsonBody(options.jsonLimit ?? '16kb') };
  for (const mount of options.beforeRoutes ?? []) mount(app, kit);
  mountRoutes(app, kit);

  app.use(notFoundHandler);
  app.use(
    problemErrorHandler({
      logger,
      errorsTotal: metrics.counter({
        name: 'http_server_errors_total',
        help: 'Requests answered with a problem, by route template and problem code.',
        labelNames: ['route', 'code'],
      }),
      unavailableWhen: options.unavailableWhen,
    }),
  );
  return app;
}

import express from 'express';
import type { Express, RequestHandler } from 'express';
import { faultAdminRoutes, httpServerFaults } from '../faults';
import type { Faults } from '../faults';
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
  /** The service's fault engine: mounts /admin/faults (bearer `adminToken`) and the http.server point. */
  faults?: FaultSetup;
  /**
   * Errors that mean a dependency is down, by dependency name (e.g. `{ postgres: isConnectionFailure }`):
   * answered 503 `dependency_unavailable` naming it, with Retry-After, instead of 500.
   */
  unavailableWhen?: UnavailableWhen;
}

/** A service's fault engine and the token its admin API requires. */
export interface FaultSetup {
  engine: Faults;
  adminToken: string | undefined;
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

/**
 * An Express app with Faultline's plumbing: request id, RED metrics and request logs, /health/live,
 * /health/ready, /metrics, problem+json errors and 404s. `mountRoutes` adds the service's own routes.
 * It never listens; see `serve`.
 */
export function createServiceApp(
  options: ServiceAppOptions,
  mountRoutes: (app: Express, kit: RouteKit) => void,
): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.locals['draining'] = false;

  app.use(requestId);
  app.use(observeRequests(metrics, logger));

  app.get('/health/live', liveHandler);
  app.get('/health/ready', readyHandler(options.readiness ?? {}, { logger }));
  app.get('/metrics', (_req, res, next) => {
    metrics.registry
      .metrics()
      .then((body) => res.type(metrics.registry.contentType).send(body), next);
  });

  const json = jsonBody(options.jsonLimit ?? '16kb');
  if (options.faults) {
    app.use(faultAdminRoutes(options.faults.engine, options.faults.adminToken, json));
    app.use(httpServerFaults(options.faults.engine));
  }
  mountRoutes(app, { json });

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

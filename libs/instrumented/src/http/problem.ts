import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, isAppError } from '../errors';
import type { Logger } from '../logging';
import { currentRequestId } from '../logging';
import type { Counter } from 'prom-client';
import { isClientAbort } from './body-errors';
import { unavailableDependency } from './dependency-unavailable';
import type { UnavailableWhen } from './dependency-unavailable';
import { routeTemplate } from './route-template';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Seconds a client is told to wait on a 503 when the error does not say. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

const MALFORMED_PATH = 'The request path is not valid percent-encoding.';

/** Express's router fails to decode a path parameter such as `%ZZ` with a URIError marked 400. */
function isMalformedPath(error: unknown): boolean {
  const { name, status } = (error ?? {}) as { name?: unknown; status?: unknown };
  return name === 'URIError' && status === 400;
}

function toAppError(error: unknown, unavailableWhen: UnavailableWhen): AppError | undefined {
  if (isAppError(error)) return error;
  if (isMalformedPath(error)) {
    return new AppError('malformed_path', 400, MALFORMED_PATH, {
      cause: error,
      invalidParams: [{ name: 'path', reason: MALFORMED_PATH }],
    });
  }
  const dependency = unavailableDependency(error, unavailableWhen);
  return dependency === undefined
    ? undefined
    : new AppError(
        'dependency_unavailable',
        503,
        `${dependency} is unavailable; try again shortly.`,
        { cause: error, extensions: { dependency } },
      );
}

/** The RFC 9457 body for an AppError. */
export function problemBody(error: AppError, instance: string): Record<string, unknown> {
  return {
    type: `urn:faultline:problem:${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance,
    code: error.code,
    ...(error.invalidParams.length > 0 ? { invalid_params: error.invalidParams } : {}),
    ...error.extensions,
    request_id: currentRequestId(),
  };
}

export interface ErrorHandlerOptions {
  logger: Logger;
  errorsTotal: Counter<'route' | 'code'>;
  /** Errors that mean a dependency is down, answered 503 `dependency_unavailable` naming it. */
  unavailableWhen?: UnavailableWhen;
}

/**
 * The one error middleware: AppErrors, bad path encoding and unavailable dependencies become their
 * problem; anything else is a 500 logged with its stack. Every 503 says when to retry. 5xx set the
 * span status to error; every problem is counted. A client that left mid-body gets no answer.
 */
export function problemErrorHandler({
  logger,
  errorsTotal,
  unavailableWhen = {},
}: ErrorHandlerOptions): ErrorHandlerRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (isClientAbort(error)) {
      // Nobody is left to answer, and nothing on this side failed: not a problem, not a 5xx.
      logger.warn(
        { event: 'request_aborted', http: { method: req.method, route: routeTemplate(req) } },
        'the client closed the connection before sending its whole request',
      );
      res.destroy();
      return;
    }
    const known = toAppError(error, unavailableWhen);
    const appError =
      known ??
      new AppError('internal_error', 500, 'An unexpected error occurred.', { cause: error });
    const span = trace.getActiveSpan();
    span?.setAttribute('app.error.code', appError.code);
    if (appError.status >= 500) {
      span?.recordException(error instanceof Error ? error : new Error(String(error)));
      span?.setStatus({ code: SpanStatusCode.ERROR, message: appError.code });
    }
    if (!known)
      logger.error({ event: 'unhandled_error', error }, 'Unhandled error while serving a request');
    else if (appError.code === 'dependency_unavailable')
      // The answer only names the dependency; the driver's own words are for operators.
      logger.warn(
        { event: 'dependency_unavailable', dependency: appError.extensions['dependency'], error },
        appError.message,
      );
    errorsTotal.inc({ route: routeTemplate(req), code: appError.code });
    const retryAfter =
      appError.retryAfterSeconds ??
      (appError.status === 503 ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    res
      .status(appError.status)
      .type(PROBLEM_CONTENT_TYPE)
      .json(problemBody(appError, req.originalUrl.split('?')[0] ?? '/'));
  };
}
type ErrorHandlerRequestHandler = ErrorRequestHandler;

/**
 * Sends an answer kept for idempotent replay (status and body as first given): errors go out as
 * problem+json, like every other problem, without passing through the error middleware again.
 */
export function sendStoredAnswer(res: Response, answer: { status: number; body: unknown }): void {
  res
    .status(answer.status)
    .type(answer.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json')
    .json(answer.body);
}

/** Unknown routes answer 404 problem+json. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', 404, `No route for ${req.method} ${req.path}.`));
};

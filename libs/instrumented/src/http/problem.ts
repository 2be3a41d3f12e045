import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, isAppError } from '../errors';
import type { Logger } from '../logging';
import { currentRequestId } from '../logging';
import type { Counter } from 'prom-client';
import { routeTemplate } from './route-template';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Errors body-parser raises, mapped to problems a client can act on. */
const BODY_PARSER_PROBLEMS: Record<string, { code: string; status: number; detail: string }> = {
  'entity.parse.failed': {
    code: 'malformed_json',
    status: 400,
    detail: 'The request body is not valid JSON.',
  },
  'entity.too.large': {
    code: 'payload_too_large',
    status: 413,
    detail: 'The request body is larger than allowed.',
  },
  'encoding.unsupported': {
    code: 'unsupported_encoding',
    status: 415,
    detail: 'The request body encoding is not supported.',
  },
  'charset.unsupported': {
    code: 'unsupported_charset',
    status: 415,
    detail: 'The request body charset is not supported.',
  },
};

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

function toAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_PARSER_PROBLEMS[type] : undefined;
  return known
    ? new AppError(known.code, known.status, known.detail, {
        cause: error,
        invalidParams: [{ name: 'body', reason: known.detail }],
      })
    : undefined;
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
}

/**
 * The one error middleware: AppErrors and body-parser errors become their problem; anything else is
 * a 500 logged with its stack. 5xx set the span status to error; every problem is counted.
 */
export function problemErrorHandler({
  logger,
  errorsTotal,
}: ErrorHandlerOptions): ErrorHandlerRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toAppError(error);
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
    errorsTotal.inc({ route: routeTemplate(req), code: appError.code });
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

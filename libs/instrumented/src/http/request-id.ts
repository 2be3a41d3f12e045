import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { runWithRequestId } from '../logging';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts a well-formed X-Request-ID or mints one, echoes it back, puts it on the span and makes
 * it available to every log line written while the request is handled.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get(REQUEST_ID_HEADER);
  const id = given !== undefined && ACCEPTABLE.test(given) ? given : randomUUID();
  res.setHeader('X-Request-ID', id);
  trace.getActiveSpan()?.setAttribute('http.request.header.x-request-id', [id]);
  runWithRequestId(id, next);
};

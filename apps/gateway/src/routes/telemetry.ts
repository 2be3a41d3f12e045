import { AppError } from '@faultline/instrumented';
import type { RequestHandler, Response } from 'express';
import { Router } from 'express';
import type { PassedAnswer, TelemetryCollector } from '../domain/ports';
import { jsonOnly } from '../guards/json-only';

/**
 * The collector's answer as it gave it: OTLP/JSON (a partial success, a google.rpc.Status), or
 * its text. The exporter reads it, so it is not recast as a problem.
 */
function sendCollectorAnswer(res: Response, answer: PassedAnswer): void {
  res.status(answer.status);
  if (answer.body === undefined) res.end();
  else if (typeof answer.body === 'string') res.type('text/plain').send(answer.body);
  else res.json(answer.body);
}

/**
 * POST /otlp/v1/traces   the browser's OTLP/JSON trace exports (at most `limit`), sent on to the
 *                        collector: the browser never talks to a backend itself. 503 problem when
 *                        the collector does not answer.
 */
export function telemetryRoutes(collector: TelemetryCollector, json: RequestHandler): Router {
  const router = Router();
  router.post('/otlp/v1/traces', jsonOnly, json, async (req, res) => {
    if (req.body === undefined) {
      throw AppError.validation([
        { name: 'body', reason: 'is required: an OTLP/JSON trace export' },
      ]);
    }
    sendCollectorAnswer(res, await collector.forwardTraces(req.body));
  });
  return router;
}

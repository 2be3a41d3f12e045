import type { RequestHandler } from 'express';
import {
  AppError,
  PROBLEM_CONTENT_TYPE,
  isUntracedPath,
  problemBody,
} from '@faultline/instrumented';
import { faultDelayMs } from './faults';
import type { Faults } from './faults';

const REASONS: Record<number, string> = {
  500: 'An unexpected error occurred.',
  502: 'An upstream service returned an invalid response.',
  503: 'The service is temporarily unavailable.',
  504: 'An upstream service did not answer in time.',
};

/**
 * The `http.server` fault point: an inbound request fails, slows down, hangs or has its connection
 * reset, exactly as a struggling server would make it. The untraced paths (health, metrics, admin)
 * are spared: a fault must never lock the host out of clearing it.
 */
export function httpServerFaults(faults: Faults): RequestHandler {
  return (req, res, next) => {
    if (isUntracedPath(req.path)) {
      next();
      return;
    }
    const rule = faults.check('http.server', { method: req.method, path: req.path });
    if (!rule) {
      next();
      return;
    }
    switch (rule.kind) {
      case 'error': {
        const { status, code } = rule.params;
        const error = new AppError(code, status, REASONS[status] ?? 'The request failed.');
        res
          .status(status)
          .type(PROBLEM_CONTENT_TYPE)
          .json(problemBody(error, req.originalUrl.split('?')[0] ?? '/'));
        return;
      }
      case 'latency':
        setTimeout(next, faultDelayMs(rule, faults.random));
        return;
      case 'timeout': {
        // The server never answers; the connection is dropped when the hang ends.
        const timer = setTimeout(() => req.socket.destroy(), faultDelayMs(rule, faults.random));
        req.socket.once('close', () => {
          clearTimeout(timer);
        });
        return;
      }
      case 'connection_reset':
        req.socket.resetAndDestroy();
        return;
    }
  };
}

import type { Request, Response } from 'express';
import type { Logger } from '../logging';
import { TIMED_OUT, withTimeout } from '../timing/with-timeout';

/** A dependency check for /health/ready: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

/** One dependency as /health/ready shows it: never the raw error, which may be driver text. */
export type CheckResult = { status: 'ok' } | { status: 'fail'; reason: 'unavailable' | 'timeout' };

export interface ReadyHandlerOptions {
  /** Where a failing check's detail goes, since the answer only names the dependency. */
  logger: Logger;
  /** How long a check may take before it counts as failed (default 2 s). */
  checkTimeoutMs?: number;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(
  name: string,
  check: ReadinessCheck,
  { logger, checkTimeoutMs = CHECK_TIMEOUT_MS }: ReadyHandlerOptions,
): Promise<CheckResult> {
  try {
    if ((await withTimeout(check(), checkTimeoutMs)) !== TIMED_OUT) return { status: 'ok' };
    logger.warn(
      {
        event: 'readiness_check_failed',
        dependency: name,
        reason: 'timeout',
        timeout_ms: checkTimeoutMs,
      },
      `${name} did not answer the readiness check in time`,
    );
    return { status: 'fail', reason: 'timeout' };
  } catch (error) {
    logger.warn(
      { event: 'readiness_check_failed', dependency: name, reason: 'unavailable', error },
      `${name} failed the readiness check`,
    );
    return { status: 'fail', reason: 'unavailable' };
  }
}

export function liveHandler(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

/** 200 when every check passes; 503 naming each failing check, or while the server drains. */
export function readyHandler(checks: Record<string, ReadinessCheck>, options: ReadyHandlerOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    if (req.app.locals['draining'] === true) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const names = Object.keys(checks);
    const results = await Promise.all(
      names.map((name) => runCheck(name, checks[name] as ReadinessCheck, options)),
    );
    const report = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = results.every((result) => result.status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', checks: report });
  };
}

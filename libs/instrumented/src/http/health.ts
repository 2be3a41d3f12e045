import type { Request, Response } from 'express';

/** A dependency check for /health/ready: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(
  check: ReadinessCheck,
): Promise<{ status: 'ok' } | { status: 'fail'; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'fail', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function liveHandler(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

/** 200 when every check passes; 503 naming each failing check, or while the server drains. */
export function readyHandler(checks: Record<string, ReadinessCheck>) {
  return async (req: Request, res: Response): Promise<void> => {
    if (req.app.locals['draining'] === true) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const names = Object.keys(checks);
    const results = await Promise.all(
      names.map((name) => runCheck(checks[name] as ReadinessCheck)),
    );
    const report = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = results.every((result) => result.status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', checks: report });
  };
}

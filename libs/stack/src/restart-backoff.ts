/** How long to wait before restarting a service that exited; see restartBackoff. */
export interface RestartBackoff {
  /** The delay before the next restart, given how long the process that just exited ran (ms). */
  next(uptimeMs: number): number;
}

export interface RestartBackoffOptions {
  minMs: number;
  maxMs: number;
  /** A process that ran at least this long counts as healthy: the next delay is minMs again. */
  resetAfterMs: number;
}

/**
 * minMs, doubling after each exit in a row up to maxMs. A crash-looping service is retried for
 * ever, but at most once per maxMs, so its log stays readable and the machine is not spun; one
 * that recovered and crashed much later starts from minMs again.
 */
export function restartBackoff(options: RestartBackoffOptions): RestartBackoff {
  if (!(options.minMs > 0) || !(options.maxMs >= options.minMs)) {
    throw new Error(
      `restart backoff needs 0 < minBackoffMs <= maxBackoffMs, got ${options.minMs} and ${options.maxMs}`,
    );
  }
  let inARow = 0;
  return {
    next(uptimeMs) {
      if (uptimeMs >= options.resetAfterMs) inARow = 0;
      const delay = Math.min(options.minMs * 2 ** inARow, options.maxMs);
      // Stop counting once capped: 2 ** inARow must not grow without bound.
      if (delay < options.maxMs) inARow++;
      return delay;
    },
  };
}

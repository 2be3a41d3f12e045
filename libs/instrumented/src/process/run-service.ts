import { ConfigError } from '../config';
import { createLogger } from '../logging';
import type { Logger } from '../logging';
import { redactText } from '../logging/redact';
import { shutdownTelemetry } from '../telemetry/runtime';

export interface RunServiceOptions {
  /** How long the exit waits for telemetry to flush (default 3000 ms). */
  flushTimeoutMs?: number;
}

/** A start-up failure as one line: a config error names every bad variable, separated by "; ". */
export function startFailureReason(error: unknown): string {
  if (error instanceof ConfigError) {
    return redactText(
      `Invalid configuration: ${error.problems.map((p) => `${p.variable}: ${p.expected}`).join('; ')}`,
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return redactText(text.replace(/\s*\n\s*/g, ' ').trim());
}

/** A rejection reason that is not an Error still gets the {type, message} shape of the log schema. */
const asError = (reason: unknown): unknown =>
  reason instanceof Error ? reason : { type: typeof reason, message: String(reason) };

const messageOf = (reason: unknown): string =>
  reason instanceof Error ? reason.message : String(reason);

/**
 * Runs a service's composition root with the one fatal path every service shares. An uncaught
 * exception or unhandled rejection at any time is logged as one `fatal` line (through the
 * redacting logger), telemetry is flushed, and the process exits 1: after either, the process's
 * state is unknown, so it is not kept serving. A `main` that fails (a bad config, an unreachable
 * database) prints one line `<name> failed to start: <reason>` on stderr and exits 1 the same way.
 */
export function runService(
  name: string,
  main: () => Promise<unknown>,
  options: RunServiceOptions = {},
): void {
  // Its own logger, made on first use: the service's may not exist yet (or may be the problem).
  let logger: Logger | undefined;
  const fatalLogger = (): Logger => (logger ??= createLogger({ service: name }));
  let exiting = false;

  const die = (log: () => void): void => {
    // A second failure while the first is being flushed is not logged again: one crash, one line.
    if (exiting) return;
    exiting = true;
    try {
      log();
    } finally {
      void shutdownTelemetry(options.flushTimeoutMs ?? 3000).finally(() => {
        process.exit(1);
      });
    }
  };

  process.on('uncaughtException', (error) => {
    die(() => {
      fatalLogger().fatal(
        { event: 'uncaught_exception', error: asError(error) },
        `uncaught exception: ${messageOf(error)}`,
      );
    });
  });
  process.on('unhandledRejection', (reason) => {
    die(() => {
      fatalLogger().fatal(
        { event: 'unhandled_rejection', error: asError(reason) },
        `unhandled rejection: ${messageOf(reason)}`,
      );
    });
  });

  main().catch((error: unknown) => {
    die(() => {
      const reason = startFailureReason(error);
      process.stderr.write(`${name} failed to start: ${reason}\n`);
      fatalLogger().fatal(
        { event: 'service_start_failed', error: asError(error) },
        `${name} failed to start: ${reason}`,
      );
    });
  });
}

import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';

/**
 * Export failures (collector down, wrong endpoint) become one warning line in the service's log
 * schema, not a crash and not a line per failed batch: the service keeps serving without telemetry.
 */
export function warnOnceOnTelemetryErrors(service: string, write: (line: string) => void): void {
  let warned = false;
  const warn = (message: string): void => {
    if (warned) return;
    warned = true;
    write(
      `${JSON.stringify({
        time: new Date().toISOString(),
        level: 'warn',
        service,
        msg: `telemetry export failing, service continues without it: ${message}`,
        event: 'telemetry_export_failed',
      })}\n`,
    );
  };
  const text = (args: unknown[]): string =>
    args
      .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a)))
      .join(' ');
  setGlobalErrorHandler((error) => {
    warn(text([error]));
  });
  const logger: DiagLogger = {
    error: (...args) => {
      warn(text(args));
    },
    warn: (...args) => {
      warn(text(args));
    },
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}

/**
 * Preloaded with `node --require @faultline/instrumented/register` before the app loads, so the
 * instrumentations can patch http, express, undici, pg and pino as they are first required.
 * The one place outside a service's config.ts that reads the environment: it must run before any
 * config. The telemetry settings and their variables are in settings.ts (resolveTelemetrySettings,
 * through the SDK's env helpers); here only
 *
 *   OTEL_SDK_DISABLED=true       no tracing at all (logs and metrics still work)
 *   PYROSCOPE_SERVER_ADDRESS     continuous profiling to this Pyroscope (off when unset);
 *   PYROSCOPE_APPLICATION_NAME   its application name (default: the service name)
 */
import { startProfiling } from './profiling';
import type * as StartTelemetry from './start-telemetry';

const env = process.env;
const serviceName = env['OTEL_SERVICE_NAME']?.trim() || 'unknown_service:node';

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}

// Read as the SDK's getBooleanFromEnv reads it (trimmed, any case), but without requiring
// @opentelemetry/core for it: with tracing off, nothing of OpenTelemetry beyond the API loads
// (about 40 ms and 36 modules less at start-up).
if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() !== 'true') {
  if (!env['OTEL_SERVICE_NAME']?.trim()) {
    process.stderr.write(
      'OTEL_SERVICE_NAME is not set: traces and logs will say "unknown_service:node"\n',
    );
  }
  try {
    // Loaded only here: with tracing off, the SDK and the instrumentations are not even required.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startTelemetry } = require('./start-telemetry') as typeof StartTelemetry;
    startTelemetry();
  } catch (error) {
    // Telemetry never takes a service down.
    process.stderr.write(
      `telemetry disabled: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

const pyroscope = env['PYROSCOPE_SERVER_ADDRESS']?.trim();
if (pyroscope) {
  try {
    startProfiling({
      serverAddress: pyroscope,
      appName: env['PYROSCOPE_APPLICATION_NAME']?.trim() || serviceName,
      serviceName,
      serviceVersion: env['SERVICE_VERSION']?.trim() || 'dev',
      flushIntervalMs: positiveInteger(env['PYROSCOPE_FLUSH_INTERVAL_MS']),
    });
  } catch (error) {
    process.stderr.write(
      `profiling disabled: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

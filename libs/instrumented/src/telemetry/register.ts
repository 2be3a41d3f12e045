/**
 * Preloaded with `node --require @faultline/instrumented/register` before the app loads, so the
 * instrumentations can patch http, express, undici, pg and pino as they are first required.
 * The one place outside a service's config.ts that reads process.env: it must run before any config.
 *
 *   OTEL_SERVICE_NAME            service.name (required; "unknown_service:node" with a warning)
 *   SERVICE_VERSION              service.version (default "dev")
 *   DEPLOYMENT_ENVIRONMENT       deployment.environment.name (default "local")
 *   OTEL_EXPORTER_OTLP_ENDPOINT  collector base URL (default http://localhost:4318)
 *   OTEL_LOGS_EXPORTER=none      keep logs on stdout only
 *   OTEL_SDK_DISABLED=true       no tracing at all (logs and metrics still work)
 *   OTEL_BSP_SCHEDULE_DELAY      milliseconds between batch exports (default 5000)
 *   PYROSCOPE_SERVER_ADDRESS     continuous profiling to this Pyroscope (off when unset);
 *   PYROSCOPE_APPLICATION_NAME   its application name (default: the service name)
 */
import { startProfiling } from './profiling';
import type * as StartTelemetry from './start-telemetry';

const env = process.env;

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}

if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() !== 'true') {
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || 'unknown_service:node';
  if (!env['OTEL_SERVICE_NAME']) {
    process.stderr.write(
      'OTEL_SERVICE_NAME is not set: traces and logs will say "unknown_service:node"\n',
    );
  }
  try {
    // Loaded only here: with tracing off, the SDK and the instrumentations are not even required.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startTelemetry } = require('./start-telemetry') as typeof StartTelemetry;
    startTelemetry({
      serviceName,
      serviceVersion: env['SERVICE_VERSION']?.trim() || 'dev',
      environment: env['DEPLOYMENT_ENVIRONMENT']?.trim() || 'local',
      exportLogs: env['OTEL_LOGS_EXPORTER']?.trim().toLowerCase() !== 'none',
      exportDelayMs: positiveInteger(env['OTEL_BSP_SCHEDULE_DELAY']),
    });
  } catch (error) {
    // Telemetry never takes a service down.
    process.stderr.write(
      `telemetry disabled: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

const pyroscope = env['PYROSCOPE_SERVER_ADDRESS']?.trim();
if (pyroscope) {
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || 'unknown_service:node';
  try {
    startProfiling({
      serverAddress: pyroscope,
      appName: env['PYROSCOPE_APPLICATION_NAME']?.trim() || serviceName,
      serviceName,
      flushIntervalMs: positiveInteger(env['PYROSCOPE_FLUSH_INTERVAL_MS']),
    });
  } catch (error) {
    process.stderr.write(
      `profiling disabled: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

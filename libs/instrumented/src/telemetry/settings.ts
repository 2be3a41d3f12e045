import { getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';

/** Which instrumentations the preload loads: the curated five, or the metapackage's. */
export type InstrumentationMode = 'curated' | 'auto';

/** Everything the telemetry bootstrap needs, resolved once. */
export interface TelemetrySettings {
  serviceName: string;
  serviceVersion: string;
  environment: string;
  /** Ship log records over OTLP as well as to stdout (off when OTEL_LOGS_EXPORTER is "none"). */
  exportLogs: boolean;
  /** Milliseconds between span batch exports; undefined leaves it to the SDK. */
  spanExportDelayMs: number | undefined;
  /** Milliseconds between log batch exports; undefined leaves it to the SDK. */
  logExportDelayMs: number | undefined;
  instrumentations: InstrumentationMode;
  /**
   * Origins of telemetry's own backends reached with fetch (Pyroscope's uploads): their requests
   * are not traced, or every upload would be a root client span in every service.
   */
  untracedOrigins: string[];
}

/** What the instrumentations' configs depend on. */
export type InstrumentationSettings = Pick<TelemetrySettings, 'exportLogs' | 'untracedOrigins'>;

const positive = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;

/** The origin (scheme, host, port) of a URL, or nothing when it is not one. */
function originOf(url: string | undefined): string[] {
  if (!url?.trim()) return [];
  try {
    return [new URL(url.trim()).origin];
  } catch {
    return [];
  }
}

function instrumentationMode(value: string | undefined): InstrumentationMode {
  const mode = value?.trim().toLowerCase();
  if (mode === undefined || mode === '' || mode === 'curated') return 'curated';
  if (mode === 'auto') return 'auto';
  throw new Error(`FAULTLINE_INSTRUMENTATIONS must be "curated" or "auto" (got "${value ?? ''}")`);
}

/**
 * Resolves the bootstrap's settings as the SDK does its own: options first, then the environment
 * read through the SDK's env helpers (the same trimming, lists and number parsing), then defaults.
 *
 *   OTEL_SERVICE_NAME            service.name ("unknown_service:node" when unset)
 *   SERVICE_VERSION              service.version ("dev")
 *   DEPLOYMENT_ENVIRONMENT       deployment.environment.name ("local")
 *   OTEL_LOGS_EXPORTER           "none" keeps logs on stdout only
 *   OTEL_BSP_SCHEDULE_DELAY      ms between span exports; also logs' unless OTEL_BLRP_SCHEDULE_DELAY
 *   FAULTLINE_INSTRUMENTATIONS   "curated" (default: http, express, undici, pg, pino) or "auto"
 *   PYROSCOPE_SERVER_ADDRESS     its origin is left out of traces (the profiler's own uploads)
 */
export function resolveTelemetrySettings(
  options: Partial<TelemetrySettings> = {},
): TelemetrySettings {
  const spanDelay = positive(getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'));
  return {
    serviceName:
      options.serviceName ??
      getStringFromEnv('OTEL_SERVICE_NAME')?.trim() ??
      'unknown_service:node',
    serviceVersion: options.serviceVersion ?? getStringFromEnv('SERVICE_VERSION')?.trim() ?? 'dev',
    environment:
      options.environment ?? getStringFromEnv('DEPLOYMENT_ENVIRONMENT')?.trim() ?? 'local',
    exportLogs:
      options.exportLogs ??
      !(getStringListFromEnv('OTEL_LOGS_EXPORTER') ?? []).some((e) => e.toLowerCase() === 'none'),
    spanExportDelayMs: options.spanExportDelayMs ?? spanDelay,
    logExportDelayMs:
      options.logExportDelayMs ??
      positive(getNumberFromEnv('OTEL_BLRP_SCHEDULE_DELAY')) ??
      spanDelay,
    instrumentations:
      options.instrumentations ??
      instrumentationMode(getStringFromEnv('FAULTLINE_INSTRUMENTATIONS')),
    untracedOrigins:
      options.untracedOrigins ?? originOf(getStringFromEnv('PYROSCOPE_SERVER_ADDRESS')),
  };
}

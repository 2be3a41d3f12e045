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
   * Origins of telemetry's own backends reached with fetch (Pyroscope's uploads, the gateway's
   * forward of the browser's spans to the collector): their requests are not traced, or every
   * upload would be a root client span in every service and every browser batch a span of its own.
   */
  untracedOrigins: string[];
}

/** What the instrumentations' configs depend on. */
export type InstrumentationSettings = Pick<TelemetrySettings, 'exportLogs' | 'untracedOrigins'>;

const positive = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;

/** Where the SDK's OTLP/HTTP exporters send when OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
const OTLP_DEFAULT_ENDPOINT = 'http://localhost:4318';

/** The origin (scheme, host, port) of a URL, or nothing when it is not one. */
function originOf(url: string | undefined): string[] {
  if (!url?.trim()) return [];
  try {
    return [new URL(url.trim()).origin];
  } catch {
    return [];
  }
}

/** Telemetry's own backends: Pyroscope and the OTLP endpoints (unset: the SDK's default). */
function telemetryOrigins(): string[] {
  const origins = [
    ...originOf(getStringFromEnv('PYROSCOPE_SERVER_ADDRESS')),
    ...originOf(getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT') ?? OTLP_DEFAULT_ENDPOINT),
    ...originOf(getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')),
  ];
  return [...new Set(origins)];
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
 *   OTEL_EXPORTER_OTLP_ENDPOINT  its origin too (the gateway forwards the browser's spans there),
 *   OTEL_EXPORTER_OTLP_TRACES_ENDPOINT  and this one's, when set
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
    untracedOrigins: options.untracedOrigins ?? telemetryOrigins(),
  };
}

/**
 * The release and environment this process reports as its resource (SERVICE_VERSION,
 * DEPLOYMENT_ENVIRONMENT, resolved as the telemetry bootstrap resolves them): for target_info, so
 * metrics can be split by version the way spans and logs are.
 */
export function processRelease(): { serviceVersion: string; environment: string } {
  const { serviceVersion, environment } = resolveTelemetrySettings();
  return { serviceVersion, environment };
}

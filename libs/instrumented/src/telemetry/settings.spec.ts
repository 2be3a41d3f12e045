import { resolveTelemetrySettings } from './settings';

const VARIABLES = [
  'OTEL_SERVICE_NAME',
  'SERVICE_VERSION',
  'DEPLOYMENT_ENVIRONMENT',
  'OTEL_LOGS_EXPORTER',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BLRP_SCHEDULE_DELAY',
  'FAULTLINE_INSTRUMENTATIONS',
  'PYROSCOPE_SERVER_ADDRESS',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
];

describe('resolveTelemetrySettings: options, then the environment, then defaults', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env = Object.fromEntries(
      Object.entries(saved).filter(([name]) => !VARIABLES.includes(name)),
    );
  });
  afterAll(() => {
    process.env = saved;
  });

  it('falls back to the defaults when neither is given', () => {
    expect(resolveTelemetrySettings()).toEqual({
      serviceName: 'unknown_service:node',
      serviceVersion: 'dev',
      environment: 'local',
      exportLogs: true,
      spanExportDelayMs: undefined,
      logExportDelayMs: undefined,
      instrumentations: 'curated',
      // Where the SDK exports by default: telemetry's own traffic there stays untraced too.
      untracedOrigins: ['http://localhost:4318'],
    });
  });

  it('reads the environment the way the SDK does: trimmed, lists, numbers, blanks as unset', () => {
    Object.assign(process.env, {
      OTEL_SERVICE_NAME: ' payment ',
      SERVICE_VERSION: '  ',
      DEPLOYMENT_ENVIRONMENT: 'workshop',
      OTEL_LOGS_EXPORTER: 'otlp, NONE',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      FAULTLINE_INSTRUMENTATIONS: 'Auto',
      PYROSCOPE_SERVER_ADDRESS: ' http://pyroscope:4040/ ',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel-collector:4318/v1/traces',
    });
    expect(resolveTelemetrySettings()).toEqual({
      serviceName: 'payment',
      serviceVersion: 'dev',
      environment: 'workshop',
      exportLogs: false,
      spanExportDelayMs: 200,
      logExportDelayMs: 200,
      instrumentations: 'auto',
      untracedOrigins: ['http://pyroscope:4040', 'http://otel-collector:4318'],
    });
  });

  it('lets options win over the environment, and a log delay of its own over the span delay', () => {
    Object.assign(process.env, {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BLRP_SCHEDULE_DELAY: '700',
      FAULTLINE_INSTRUMENTATIONS: 'auto',
    });
    expect(
      resolveTelemetrySettings({ serviceName: 'from-options', instrumentations: 'curated' }),
    ).toMatchObject({
      serviceName: 'from-options',
      instrumentations: 'curated',
      spanExportDelayMs: 200,
      logExportDelayMs: 700,
    });
  });

  it('ignores a delay that is not a positive whole number, and refuses an unknown mode', () => {
    Object.assign(process.env, { OTEL_BSP_SCHEDULE_DELAY: '-5' });
    expect(resolveTelemetrySettings().spanExportDelayMs).toBeUndefined();
    process.env['FAULTLINE_INSTRUMENTATIONS'] = 'everything';
    expect(() => resolveTelemetrySettings()).toThrow(/FAULTLINE_INSTRUMENTATIONS must be/);
  });
});

import { describePublishedDefaults } from '@faultline/instrumented/testing';
import { loadConfig } from './config';

describe('payment config', () => {
  it('runs on port 3004 against the payments database by default', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3004,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/payments',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      EXPOSE_FAULT_METRICS: false,
      SERVICE_TOKEN: 'faultline-local-service',
      SERVICE_VERSION: 'dev',
      GATEWAY_LATENCY_MEDIAN_MS: 20,
      FRAUD_WORK_ITERATIONS: 1000,
      STALE_PROCESSING_MS: 30_000,
      RECONCILE_INTERVAL_MS: 30_000,
      RECONCILE_GRACE_MS: 10_000,
    });
  });

  it('reads numbers from the environment', () => {
    const config = loadConfig({ GATEWAY_LATENCY_MEDIAN_MS: '5', FRAUD_WORK_ITERATIONS: '20000' });
    expect(config.GATEWAY_LATENCY_MEDIAN_MS).toBe(5);
    expect(config.FRAUD_WORK_ITERATIONS).toBe(20_000);
  });

  it('runs a release it knows, and refuses one it does not, naming the known ones', () => {
    expect(loadConfig({ SERVICE_VERSION: '0.2.0' }).SERVICE_VERSION).toBe('0.2.0');
    expect(() => loadConfig({ SERVICE_VERSION: '9.9.9' })).toThrow(
      /SERVICE_VERSION: must be one of dev, 0\.1\.0, 0\.2\.0/,
    );
  });

  it('stops start-up naming every bad variable', () => {
    expect(() =>
      loadConfig({
        FRAUD_WORK_ITERATIONS: '0',
        STALE_PROCESSING_MS: 'soon',
        DATABASE_URL: 'mysql://x',
      }),
    ).toThrow(
      /DATABASE_URL[\s\S]*FRAUD_WORK_ITERATIONS: expected at least one iteration[\s\S]*STALE_PROCESSING_MS/,
    );
  });
});

describePublishedDefaults(loadConfig, {
  service: 'payment',
  ownValues: {
    FAULT_ADMIN_TOKEN: 'payment-admin-own',
    SERVICE_TOKEN: 'services-token-of-our-own',
  },
});

import { loadConfig } from './config';

describe('payment config', () => {
  it('runs on port 3004 against the payments database by default', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3004,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/payments',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      SERVICE_TOKEN: 'faultline-local-service',
      GATEWAY_LATENCY_MEDIAN_MS: 20,
      FRAUD_WORK_ITERATIONS: 1000,
      STALE_PROCESSING_MS: 30_000,
    });
  });

  it('reads numbers from the environment', () => {
    const config = loadConfig({ GATEWAY_LATENCY_MEDIAN_MS: '5', FRAUD_WORK_ITERATIONS: '20000' });
    expect(config.GATEWAY_LATENCY_MEDIAN_MS).toBe(5);
    expect(config.FRAUD_WORK_ITERATIONS).toBe(20_000);
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

describe('payment config outside a local deployment', () => {
  const own = {
    FAULT_ADMIN_TOKEN: 'payment-admin-own',
    SERVICE_TOKEN: 'services-token-of-our-own',
  };

  it.each(['FAULT_ADMIN_TOKEN', 'SERVICE_TOKEN'])(
    'refuses to start in production with the published default %s, naming it',
    (variable) => {
      const env = {
        ...Object.fromEntries(Object.entries(own).filter(([name]) => name !== variable)),
        DEPLOYMENT_ENVIRONMENT: 'production',
      };
      expect(() => loadConfig(env)).toThrow(
        new RegExp(
          `${variable}: must be set to a value of its own when DEPLOYMENT_ENVIRONMENT is "production"`,
        ),
      );
    },
  );

  it('starts in production with tokens of its own, and locally with the defaults', () => {
    expect(loadConfig({ ...own, DEPLOYMENT_ENVIRONMENT: 'production' })).toMatchObject(own);
    expect(loadConfig({ DEPLOYMENT_ENVIRONMENT: 'local' }).FAULT_ADMIN_TOKEN).toBe(
      'faultline-local',
    );
  });
});

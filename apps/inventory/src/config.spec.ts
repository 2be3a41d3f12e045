import { loadConfig } from './config';

describe('config', () => {
  it('defaults to port 3002, the local inventory database and a 5 s sweep', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3002,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/inventory',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      SERVICE_TOKEN: 'faultline-local-service',
      RESERVATION_SWEEP_INTERVAL_MS: 5000,
    });
  });

  it('reads the sweep interval from the environment', () => {
    expect(loadConfig({ RESERVATION_SWEEP_INTERVAL_MS: '250' }).RESERVATION_SWEEP_INTERVAL_MS).toBe(
      250,
    );
  });

  it.each(['soon', '-5', '0', '1.5'])(
    'refuses a sweep interval of %j, naming the variable',
    (value) => {
      expect(() => loadConfig({ RESERVATION_SWEEP_INTERVAL_MS: value })).toThrow(
        /RESERVATION_SWEEP_INTERVAL_MS: .*\(got "/,
      );
    },
  );

  it('refuses a database URL that is not postgres://, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/inventory' })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ connection string/,
    );
  });
});

describe('config outside a local deployment', () => {
  const own = {
    FAULT_ADMIN_TOKEN: 'inventory-admin-own',
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

  it('starts in production with tokens of its own, and locally or in the workshop with the defaults', () => {
    expect(loadConfig({ ...own, DEPLOYMENT_ENVIRONMENT: 'production' })).toMatchObject(own);
    for (const environment of [undefined, 'local', 'workshop']) {
      expect(loadConfig({ DEPLOYMENT_ENVIRONMENT: environment }).SERVICE_TOKEN).toBe(
        'faultline-local-service',
      );
    }
  });
});

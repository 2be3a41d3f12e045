import { describePublishedDefaults } from '@faultline/instrumented/testing';
import { loadConfig } from './config';

describe('config', () => {
  it('defaults to port 3002, the local inventory database and a 5 s sweep', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3002,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/inventory',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      EXPOSE_FAULT_METRICS: false,
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

describePublishedDefaults(loadConfig, {
  service: 'inventory',
  ownValues: {
    FAULT_ADMIN_TOKEN: 'inventory-admin-own',
    SERVICE_TOKEN: 'services-token-of-our-own',
  },
});

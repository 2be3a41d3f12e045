import { describePublishedDefaults } from '@faultline/instrumented/testing';
import { loadConfig } from './config';

describe('catalog config', () => {
  it('listens on loopback port 3001 against the local catalog database by default', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3001,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/catalog',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      EXPOSE_FAULT_METRICS: false,
    });
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});

describePublishedDefaults(loadConfig, {
  service: 'catalog',
  ownValues: { FAULT_ADMIN_TOKEN: 'catalog-admin-own' },
});

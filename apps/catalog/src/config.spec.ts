import { loadConfig } from './config';

describe('catalog config', () => {
  it('listens on loopback port 3001 against the local catalog database by default', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3001,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/catalog',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
    });
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('refuses to start in production with the published default FAULT_ADMIN_TOKEN, naming it', () => {
    expect(() => loadConfig({ DEPLOYMENT_ENVIRONMENT: 'production' })).toThrow(
      /FAULT_ADMIN_TOKEN: must be set to a value of its own when DEPLOYMENT_ENVIRONMENT is "production"/,
    );
    expect(
      loadConfig({ DEPLOYMENT_ENVIRONMENT: 'production', FAULT_ADMIN_TOKEN: 'catalog-admin-own' })
        .FAULT_ADMIN_TOKEN,
    ).toBe('catalog-admin-own');
  });
});

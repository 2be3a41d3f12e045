import { loadConfig } from './config';

const own = {
  FAULT_ADMIN_TOKEN: 'order-admin-own',
  SERVICE_TOKEN: 'services-token-of-our-own',
  CARD_VAULT_KEY: '12'.repeat(32),
};

describe('order config', () => {
  it('listens on loopback and reaches its peers on loopback by default, with the local secrets', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3003,
      HOST: '127.0.0.1',
      CATALOG_URL: 'http://127.0.0.1:3001',
      INVENTORY_URL: 'http://127.0.0.1:3002',
      PAYMENT_URL: 'http://127.0.0.1:3004',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      SERVICE_TOKEN: 'faultline-local-service',
      CARD_VAULT_KEY: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each(['FAULT_ADMIN_TOKEN', 'SERVICE_TOKEN', 'CARD_VAULT_KEY'])(
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

  it('refuses the published card-vault key even when it is set explicitly in production', () => {
    const published = loadConfig({}).CARD_VAULT_KEY;
    expect(() =>
      loadConfig({ ...own, CARD_VAULT_KEY: published, DEPLOYMENT_ENVIRONMENT: 'production' }),
    ).toThrow(/CARD_VAULT_KEY: must be set to a value of its own[\s\S]*got the published default/);
  });

  it('never shows a bad card-vault key in the start-up error', () => {
    const bad = 'not-a-key-but-secret-anyway';
    expect(() => loadConfig({ CARD_VAULT_KEY: bad })).toThrow(
      /CARD_VAULT_KEY: expected 64 hex characters \(a 256-bit key\) \(got 27 characters\)/,
    );
    try {
      loadConfig({ CARD_VAULT_KEY: bad });
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('starts in production with secrets of its own, and in the workshop with the defaults', () => {
    expect(loadConfig({ ...own, DEPLOYMENT_ENVIRONMENT: 'production' })).toMatchObject(own);
    expect(loadConfig({ DEPLOYMENT_ENVIRONMENT: 'workshop' }).SERVICE_TOKEN).toBe(
      'faultline-local-service',
    );
  });
});

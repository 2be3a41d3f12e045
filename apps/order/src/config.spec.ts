import { describePublishedDefaults } from '@faultline/instrumented/testing';
import { loadConfig } from './config';

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
});

describePublishedDefaults(loadConfig, {
  service: 'order',
  ownValues: {
    FAULT_ADMIN_TOKEN: 'order-admin-own',
    SERVICE_TOKEN: 'services-token-of-our-own',
    CARD_VAULT_KEY: '12'.repeat(32),
  },
});

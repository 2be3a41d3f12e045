import { loadConfig } from './config';

describe('watcher config', () => {
  it('listens on loopback port 3005 and checks the local order service every 30 s by default', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3005,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ORDER_URL: 'http://127.0.0.1:3003',
      SYNTHETIC_INTERVAL_MS: 30_000,
      SYNTHETIC_TIMEOUT_MS: 10_000,
      DEADMAN_TIMEOUT_MS: 300_000,
      NOTIFICATIONS_KEPT: 100,
      RUNBOOKS_DIR: undefined,
    });
    expect(loadConfig({ RUNBOOKS_DIR: ' /srv/runbooks ' }).RUNBOOKS_DIR).toBe('/srv/runbooks');
    expect(loadConfig({ ORDER_URL: 'http://order:3003/' }).ORDER_URL).toBe('http://order:3003');
  });

  it('refuses a loop that would spin and an empty pager, naming each variable', () => {
    expect(() =>
      loadConfig({ SYNTHETIC_INTERVAL_MS: '0', NOTIFICATIONS_KEPT: '0', ORDER_URL: 'order' }),
    ).toThrow(
      /ORDER_URL: expected an http:\/\/ or https:\/\/ URL[\s\S]*SYNTHETIC_INTERVAL_MS: expected at least 100 milliseconds[\s\S]*NOTIFICATIONS_KEPT: expected 1 or more/,
    );
  });
});

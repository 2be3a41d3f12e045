import { loadConfig } from './config';

describe('gateway config', () => {
  it('listens on loopback port 8080 in front of the local services, same origin only, by default', () => {
    expect(loadConfig({})).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      FAULT_ADMIN_TOKEN: 'faultline-local',
      SERVICE_TOKEN: 'faultline-local-service',
      CATALOG_URL: 'http://127.0.0.1:3001',
      INVENTORY_URL: 'http://127.0.0.1:3002',
      ORDER_URL: 'http://127.0.0.1:3003',
      PAYMENT_URL: 'http://127.0.0.1:3004',
      SCENARIOS_DIR: undefined,
      STOREFRONT_DIR: undefined,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      RATE_LIMIT_PER_SECOND: 20,
      RATE_LIMIT_BURST: 40,
      TELEMETRY_RATE_LIMIT_PER_SECOND: 5,
      TELEMETRY_RATE_LIMIT_BURST: 10,
      CORS_ALLOWED_ORIGINS: [],
      TRUST_PROXY: false,
      UPSTREAM_TIMEOUT_MS: 2000,
      ORDER_TIMEOUT_MS: 10_000,
    });
  });

  it('reads allowed origins as a list, and a trusted proxy', () => {
    const config = loadConfig({
      CORS_ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:5173/',
      TRUST_PROXY: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/',
      STOREFRONT_DIR: ' /srv/storefront ',
    });
    expect(config.CORS_ALLOWED_ORIGINS).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
    ]);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    expect(config.STOREFRONT_DIR).toBe('/srv/storefront');
  });

  it('refuses limits that would block everyone, an origin with a path, and a vague TRUST_PROXY, naming each', () => {
    expect(() =>
      loadConfig({
        RATE_LIMIT_PER_SECOND: '0',
        RATE_LIMIT_BURST: '0.5',
        CORS_ALLOWED_ORIGINS: 'https://shop.example.com/app',
        TRUST_PROXY: 'yes',
        ORDER_TIMEOUT_MS: '10',
      }),
    ).toThrow(
      /RATE_LIMIT_PER_SECOND: expected more than 0[\s\S]*RATE_LIMIT_BURST: expected a whole number[\s\S]*CORS_ALLOWED_ORIGINS\.0: expected origins such as[\s\S]*TRUST_PROXY: expected true or false[\s\S]*ORDER_TIMEOUT_MS: expected at least 100/,
    );
  });

  it('refuses the published tokens outside a local environment', () => {
    expect(() => loadConfig({ DEPLOYMENT_ENVIRONMENT: 'production' })).toThrow(
      /FAULT_ADMIN_TOKEN[\s\S]*SERVICE_TOKEN/,
    );
  });
});

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
      CONTROL_STACKS: [],
      CONTROL_PROMETHEUS_URL: undefined,
      EXPOSE_FAULT_METRICS: false,
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

  it("reads the room's other stacks as the CLI's --hosts writes them, or by name and URL", () => {
    const config = loadConfig({
      CONTROL_STACKS: '10.0.0.11, group-b=http://10.0.0.12:8081/ ,\n https://shop.example.com',
      CONTROL_PROMETHEUS_URL: 'http://prometheus:9090/',
      EXPOSE_FAULT_METRICS: 'true',
    });
    expect(config.CONTROL_STACKS).toEqual([
      { name: '10.0.0.11', url: 'http://10.0.0.11:8080' },
      { name: 'group-b', url: 'http://10.0.0.12:8081' },
      { name: 'shop.example.com', url: 'https://shop.example.com' },
    ]);
    expect(config.CONTROL_PROMETHEUS_URL).toBe('http://prometheus:9090');
    expect(config.EXPOSE_FAULT_METRICS).toBe(true);
    expect(loadConfig({ CONTROL_STACKS: '' }).CONTROL_STACKS).toEqual([]);
  });

  it.each([
    ['b=ftp://10.0.0.12', 'b=ftp://10.0.0.12: expected an http:// or https:// URL'],
    ['b=http://', 'b=http://: expected an http:// or https:// URL'],
    [
      'b=http://u:secret@10.0.0.12',
      'b=http://****@10.0.0.12: expected a URL without credentials, query or fragment',
    ],
    ['a b', 'a b: expected a host, name=http://host:port or a URL'],
    [
      '=http://10.0.0.12',
      "=http://10.0.0.12: expected a name of letters, digits, '.', '_', ':' or '-' before the '='",
    ],
    ['10.0.0.11,10.0.0.11', '10.0.0.11 is listed twice'],
    ['a=http://x:1,a=http://y:1', 'the name a is given twice'],
  ])('refuses CONTROL_STACKS=%j at start, naming the variable and the entry', (value, reason) => {
    expect(() => loadConfig({ CONTROL_STACKS: value })).toThrow(`CONTROL_STACKS: ${reason} (got`);
  });

  it('refuses a Prometheus URL that is not one, and a vague EXPOSE_FAULT_METRICS, naming each', () => {
    expect(() =>
      loadConfig({ CONTROL_PROMETHEUS_URL: 'prometheus:9090', EXPOSE_FAULT_METRICS: 'on' }),
    ).toThrow(
      /CONTROL_PROMETHEUS_URL: expected an http:\/\/ or https:\/\/ URL[\s\S]*EXPOSE_FAULT_METRICS: expected true or false \(got "on"\)/,
    );
  });

  it('refuses the published tokens outside a local environment', () => {
    expect(() => loadConfig({ DEPLOYMENT_ENVIRONMENT: 'production' })).toThrow(
      /FAULT_ADMIN_TOKEN[\s\S]*SERVICE_TOKEN/,
    );
  });
});

import { npmStartSettings } from './start-options';

describe('npmStartSettings (npm start from its environment)', () => {
  it('listens on loopback only, on 3001–3005 and 8080, supervised, with the gateway, when nothing is set', () => {
    expect(npmStartSettings({})).toEqual({
      stack: {
        host: '127.0.0.1',
        ports: 'default',
        supervise: true,
        gateway: true,
        postgresUrl: undefined,
        databasePrefix: undefined,
      },
      rawLogs: false,
    });
  });

  it('binds every interface only when FAULTLINE_HOST=0.0.0.0 asks for it', () => {
    expect(npmStartSettings({ FAULTLINE_HOST: '0.0.0.0' }).stack.host).toBe('0.0.0.0');
    expect(npmStartSettings({ FAULTLINE_HOST: ' ' }).stack.host).toBe('127.0.0.1');
  });

  it('takes ephemeral ports and a database prefix, so a test can run it beside a real npm start', () => {
    const { stack } = npmStartSettings({
      FAULTLINE_PORTS: 'ephemeral',
      FAULTLINE_DATABASE_PREFIX: 'test_1_',
      FAULTLINE_POSTGRES_URL: 'postgres://u@db:5432/postgres',
      FAULTLINE_RAW_LOGS: '1',
    });
    expect(stack).toMatchObject({
      ports: 'ephemeral',
      databasePrefix: 'test_1_',
      postgresUrl: 'postgres://u@db:5432/postgres',
    });
  });

  it('refuses a FAULTLINE_PORTS it does not know, naming the values it takes', () => {
    expect(() => npmStartSettings({ FAULTLINE_PORTS: '4000' })).toThrow(
      'FAULTLINE_PORTS must be default or ephemeral, not "4000"',
    );
  });
});

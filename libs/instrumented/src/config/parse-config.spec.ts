import { z } from 'zod';
import { ConfigError, parseConfig } from './parse-config';
import {
  httpUrlField,
  logLevelField,
  millisecondsField,
  portField,
  postgresUrlField,
} from './fields';

const schema = z.object({
  PORT: portField(3001),
  CATALOG_URL: httpUrlField(),
  TIMEOUT_MS: millisecondsField(2000),
  LOG_LEVEL: logLevelField(),
});

describe('parseConfig', () => {
  it('applies defaults, coerces numbers and trims trailing slashes', () => {
    const config = parseConfig(schema, { CATALOG_URL: 'http://catalog:3001/' });
    expect(config).toEqual({
      PORT: 3001,
      CATALOG_URL: 'http://catalog:3001',
      TIMEOUT_MS: 2000,
      LOG_LEVEL: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable, what it expected and what it got when a value is bad', () => {
    expect(() => parseConfig(schema, { PORT: 'abc', CATALOG_URL: 'http://x' })).toThrow(
      /PORT: expected a port number.*got "abc"/,
    );
  });

  it('names a missing required variable', () => {
    expect(() => parseConfig(schema, {})).toThrow(/CATALOG_URL: .*it is not set/);
  });

  it('reports every bad variable at once', () => {
    try {
      parseConfig(schema, { PORT: '70000', CATALOG_URL: 'ftp://x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const variables = (error as ConfigError).problems.map((p) => p.variable);
      expect(variables.sort()).toEqual(['CATALOG_URL', 'LOG_LEVEL', 'PORT']);
    }
  });

  it('never shows the password of a connection string it refuses', () => {
    const bad = z.object({ DATABASE_URL: postgresUrlField('postgres://localhost/db') });
    expect(() =>
      parseConfig(bad, { DATABASE_URL: 'postgress://shop:s3cret-pw@db:5432/orders' }),
    ).toThrow(
      'DATABASE_URL: expected a postgres:// connection string (got "postgress://shop:****@db:5432/orders")',
    );
  });
});

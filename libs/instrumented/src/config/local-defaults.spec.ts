import { z } from 'zod';
import { ConfigError, parseConfig } from './parse-config';
import { faultAdminTokenField, hostField, serviceTokenField } from './fields';
import { LOCAL_ENVIRONMENTS, localOnlyDefault } from './local-defaults';

const PUBLISHED_KEY = 'ab'.repeat(32);
const schema = z.object({
  HOST: hostField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
  SERVICE_TOKEN: serviceTokenField(),
  VAULT_KEY: localOnlyDefault(z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex'), PUBLISHED_KEY),
});
const ownValues = {
  FAULT_ADMIN_TOKEN: 'an-admin-token-of-our-own',
  SERVICE_TOKEN: 'a-service-token-of-our-own',
  VAULT_KEY: 'cd'.repeat(32),
};

const problemsOf = (env: Record<string, string | undefined>): ConfigError['problems'] => {
  try {
    parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('defaults published in the repository', () => {
  it('are accepted when DEPLOYMENT_ENVIRONMENT is unset, blank or a local one', () => {
    for (const environment of [undefined, '', '  ', ...LOCAL_ENVIRONMENTS]) {
      expect(parseConfig(schema, { DEPLOYMENT_ENVIRONMENT: environment })).toEqual({
        HOST: '127.0.0.1',
        FAULT_ADMIN_TOKEN: 'faultline-local',
        SERVICE_TOKEN: 'faultline-local-service',
        VAULT_KEY: PUBLISHED_KEY,
      });
    }
    expect(LOCAL_ENVIRONMENTS).toEqual(['local', 'workshop', 'test', 'development']);
  });

  it('stop start-up in any other environment, naming every variable still at its default', () => {
    const problems = problemsOf({ DEPLOYMENT_ENVIRONMENT: 'production' });
    expect(problems.map((p) => p.variable)).toEqual([
      'FAULT_ADMIN_TOKEN',
      'SERVICE_TOKEN',
      'VAULT_KEY',
    ]);
    expect(problems[0]?.expected).toMatch(
      /must be set to a value of its own when DEPLOYMENT_ENVIRONMENT is "production".*local, workshop, test or development \(it is not set\)$/,
    );
    expect(() => parseConfig(schema, { DEPLOYMENT_ENVIRONMENT: 'staging' })).toThrow(
      /FAULT_ADMIN_TOKEN: must be set to a value of its own/,
    );
  });

  it('are refused outside local environments even when set explicitly to the published value', () => {
    const problems = problemsOf({
      ...ownValues,
      DEPLOYMENT_ENVIRONMENT: 'production',
      SERVICE_TOKEN: 'faultline-local-service',
    });
    expect(problems).toEqual([
      {
        variable: 'SERVICE_TOKEN',
        expected: expect.stringMatching(/\(got the published default\)$/),
      },
    ]);
  });

  it('leave values of their own alone in production', () => {
    expect(parseConfig(schema, { ...ownValues, DEPLOYMENT_ENVIRONMENT: 'production' })).toEqual({
      HOST: '127.0.0.1',
      ...ownValues,
    });
  });

  it('are reported together with the other bad variables', () => {
    const problems = problemsOf({ DEPLOYMENT_ENVIRONMENT: 'production', HOST: '' });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'FAULT_ADMIN_TOKEN',
      'HOST',
      'SERVICE_TOKEN',
      'VAULT_KEY',
    ]);
  });
});

describe('secret variables', () => {
  it('never echo a bad value in the start-up error, only its length', () => {
    try {
      parseConfig(schema, { SERVICE_TOKEN: 'too-short-secret'.slice(0, 9) });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(
        'SERVICE_TOKEN: expected at least 16 characters (got 9 characters)',
      );
      expect(message).not.toContain('too-short');
    }
  });

  it('require a service token of at least 16 characters', () => {
    expect(problemsOf({ SERVICE_TOKEN: 'x'.repeat(15) }).map((p) => p.variable)).toEqual([
      'SERVICE_TOKEN',
    ]);
    expect(parseConfig(schema, { SERVICE_TOKEN: 'x'.repeat(16) }).SERVICE_TOKEN).toBe(
      'x'.repeat(16),
    );
  });
});

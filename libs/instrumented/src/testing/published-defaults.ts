import type { describe as jestDescribe, expect as jestExpect, it as jestIt } from '@jest/globals';
import { LOCAL_ENVIRONMENTS } from '../config';

// Jest's globals, read when a spec calls the helper: importing @jest/globals would throw outside
// Jest, and this entry point is also loaded by tools that are not tests (tests/bench).
declare const describe: typeof jestDescribe;
declare const it: typeof jestIt;
declare const expect: typeof jestExpect;

export interface PublishedDefaultsOptions<C> {
  /** The service, for the name of the describe block. */
  service: string;
  /**
   * Every variable of the config made with localOnlyDefault, each with a value of the service's own
   * that production accepts.
   */
  ownValues: Partial<Record<keyof C & string, string>>;
}

/** The message of what `load` throws ('' when it does not throw). */
function thrownBy(load: () => unknown): string {
  try {
    load();
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const refusal = (variable: string): RegExp =>
  new RegExp(
    `${variable}: must be set to a value of its own when DEPLOYMENT_ENVIRONMENT is "production"`,
  );

/**
 * The specs of a config's published defaults (localOnlyDefault): in production each variable is
 * refused, and named alone, while unset or set to its published default; with values of its own
 * the config starts; in every local environment (and with none set) it starts on the defaults.
 */
export function describePublishedDefaults<C extends object>(
  loadConfig: (env: NodeJS.ProcessEnv) => C,
  { service, ownValues }: PublishedDefaultsOptions<C>,
): void {
  const variables = Object.keys(ownValues);
  const production = { ...ownValues, DEPLOYMENT_ENVIRONMENT: 'production' };
  const read = (config: C, variable: string): unknown =>
    (config as Record<string, unknown>)[variable];
  /** What the config falls back to when the variable is unset locally: the published default. */
  const published = (variable: string): string => String(read(loadConfig({}), variable));

  describe(`${service} config: the published defaults`, () => {
    it.each(
      variables.flatMap((variable) => [
        { variable, given: 'unset', atDefault: false, reason: 'it is not set' },
        {
          variable,
          given: 'set to its published default',
          atDefault: true,
          reason: 'got the published default',
        },
      ]),
    )(
      'refuses to start in production with $variable $given, naming it and only it',
      ({ variable, atDefault, reason }) => {
        const others = Object.entries(production).filter(([name]) => name !== variable);
        const env = Object.fromEntries(
          atDefault ? [...others, [variable, published(variable)]] : others,
        );
        expect(() => loadConfig(env)).toThrow(refusal(variable));
        const message = thrownBy(() => loadConfig(env));
        expect(message).toMatch(new RegExp(`${variable}: [^\\n]*\\(${reason}\\)`));
        for (const other of variables.filter((name) => name !== variable)) {
          expect(message).not.toMatch(new RegExp(`\\b${other}:`));
        }
      },
    );

    it('starts in production with values of its own', () => {
      expect(loadConfig(production)).toMatchObject(ownValues);
    });

    it.each([undefined, ...LOCAL_ENVIRONMENTS])(
      'starts on the published defaults when DEPLOYMENT_ENVIRONMENT is %s',
      (environment) => {
        const config = loadConfig({ DEPLOYMENT_ENVIRONMENT: environment });
        for (const variable of variables) {
          expect([variable, read(config, variable)]).toEqual([variable, published(variable)]);
        }
      },
    );
  });
}

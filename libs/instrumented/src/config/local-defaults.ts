import { z } from 'zod';

/**
 * DEPLOYMENT_ENVIRONMENT values where the defaults published in this repository are accepted:
 * a laptop, the compose workshop, the test suites. Anything else is treated as a shared deployment.
 */
export const LOCAL_ENVIRONMENTS: readonly string[] = ['local', 'workshop', 'test', 'development'];

/** Secret fields whose default is published in this repository, with that default. */
const publishedDefaults = z.registry<{ publishedDefault: string }>();

/**
 * A secret with a default for local runs only: outside LOCAL_ENVIRONMENTS, parseConfig refuses to
 * start while the variable is unset or holds the published value, and never echoes its value.
 */
export function localOnlyDefault(
  field: z.ZodString,
  publishedDefault: string,
): z.ZodDefault<z.ZodString> {
  const withDefault = field.default(publishedDefault);
  publishedDefaults.add(withDefault, { publishedDefault });
  return withDefault;
}

/** Whether a schema field was made with localOnlyDefault (a secret: its value is never shown). */
export const isLocalOnlySecret = (field: unknown): boolean =>
  publishedDefaults.has(field as z.ZodType);

/** As the telemetry bootstrap reads it (register.ts): unset or blank means "local". */
export const deploymentEnvironment = (env: Readonly<Record<string, string | undefined>>): string =>
  env['DEPLOYMENT_ENVIRONMENT']?.trim() || 'local';

const allowedList = `${LOCAL_ENVIRONMENTS.slice(0, -1).join(', ')} or ${LOCAL_ENVIRONMENTS.at(-1) ?? ''}`;

/**
 * The variables of `shape` still at their published default while DEPLOYMENT_ENVIRONMENT is not a
 * local one, each with what was expected of it.
 */
export function publishedDefaultsInUse(
  shape: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): { variable: string; expected: string }[] {
  const environment = deploymentEnvironment(env);
  if (LOCAL_ENVIRONMENTS.includes(environment)) return [];
  return Object.entries(shape).flatMap(([variable, field]) => {
    const published = publishedDefaults.get(field as z.ZodType)?.publishedDefault;
    const given = env[variable];
    if (published === undefined || (given !== undefined && given !== published)) return [];
    const got = given === undefined ? 'it is not set' : 'got the published default';
    return [
      {
        variable,
        expected:
          `must be set to a value of its own when DEPLOYMENT_ENVIRONMENT is ${JSON.stringify(environment)}: ` +
          `its default is published in this repository and only accepted when DEPLOYMENT_ENVIRONMENT is ` +
          `${allowedList} (${got})`,
      },
    ];
  });
}

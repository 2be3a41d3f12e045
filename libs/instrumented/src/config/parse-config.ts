import type { z } from 'zod';
import { isLocalOnlySecret, publishedDefaultsInUse } from './local-defaults';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; expected: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.expected}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** A password inside a URL (postgres://user:password@host) is not shown either. */
const withoutUrlPassword = (value: string): string =>
  value.replace(/(\/\/[^:/@\s]*):[^@\s]*@/g, '$1:****@');

/**
 * Parses environment variables once against a schema whose keys are the variable names,
 * and returns a frozen, typed result. Every bad or missing variable is named in one error, and so
 * is every secret left at its published default outside a local DEPLOYMENT_ENVIRONMENT
 * (see localOnlyDefault). Secrets are described by their length, never shown.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = issue.path.length > 0 ? String(issue.path[0]) : undefined;
        const variable = issue.path.map(String).join('.') || '(environment)';
        const given = name === undefined ? undefined : env[name];
        const shown =
          name !== undefined && isLocalOnlySecret(schema.shape[name])
            ? `${given?.length ?? 0} characters`
            : JSON.stringify(given === undefined ? undefined : withoutUrlPassword(given));
        const got = given === undefined ? 'it is not set' : `got ${shown}`;
        return { variable, expected: `${issue.message} (${got})` };
      });
  const stillDefault = publishedDefaultsInUse(schema.shape, env);
  if (!result.success || stillDefault.length > 0) {
    throw new ConfigError([...problems, ...stillDefault]);
  }
  return Object.freeze(result.data);
}

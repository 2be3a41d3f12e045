import type { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; expected: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.expected}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables once against a schema whose keys are the variable names,
 * and returns a frozen, typed result. Every bad or missing variable is named in one error.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = issue.path.map(String).join('.') || '(environment)';
        const given = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
        const got = given === undefined ? 'it is not set' : `got ${JSON.stringify(given)}`;
        return { variable, expected: `${issue.message} (${got})` };
      }),
    );
  }
  return Object.freeze(result.data);
}

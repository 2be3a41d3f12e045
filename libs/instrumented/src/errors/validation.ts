import type { z } from 'zod';
import { AppError } from './app-error';

/** Turns zod issues into a 400 AppError whose invalid params name the failing fields. */
export function validationError(error: z.ZodError, prefix = ''): AppError {
  return AppError.validation(
    error.issues.map((issue) => ({
      name: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
      reason: issue.message,
    })),
  );
}

/** Parses a value with a schema or throws a 400 naming the fields (prefix e.g. "body", "query"). */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

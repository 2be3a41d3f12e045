import type { z } from 'zod';

/** The fields a schema refuses in `value`, as `path: message` (empty when it accepts the value). */
export function refusals(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
  );
}

import type { z } from 'zod';

/** An answer from another service that does not match its contract; names the fields that differ. */
export class WireContractError extends Error {
  constructor(
    /** What was being read, e.g. "payment's answer to a charge". */
    readonly what: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      `${what} does not match its contract: ${issues
        .map((issue) => `${issue.path || '(body)'} ${issue.message}`)
        .join('; ')}`,
    );
    this.name = 'WireContractError';
  }
}

/**
 * Reads another service's answer with its schema: the parsed answer, or a WireContractError naming
 * each field that does not match (never an answer cast into shape with fields silently undefined).
 */
export function parseAnswer<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new WireContractError(
    what,
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

import { parseAnswer } from '@faultline/contracts';
import { ServiceCallError } from '@faultline/instrumented';
import type { ServiceResponse } from '@faultline/instrumented';
import { z } from 'zod';

/**
 * Another service's answer, read with its contract. One that does not match fails like the
 * downstream failing would (a ServiceCallError of kind `bad_answer` naming the fields), so the
 * caller treats it as an upstream failure, never as an answer with fields silently undefined.
 */
export function readAnswer<S extends z.ZodType>(
  peer: string,
  what: string,
  schema: S,
  response: ServiceResponse,
): z.infer<S> {
  try {
    return parseAnswer(schema, response.body, `${peer}'s ${response.status} answer to ${what}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ServiceCallError('bad_answer', peer, message, response.status, undefined, {
      cause: error,
    });
  }
}

// Only the code: it picks the contract to read the rest with, and names answers nobody expected.
const coded = z.looseObject({ code: z.string() });

/** The code of a problem+json answer, if it has one. */
export function problemCode(body: unknown): string | undefined {
  const problem = coded.safeParse(body);
  return problem.success ? problem.data.code : undefined;
}

import { parseAnswer } from '@faultline/contracts';
import { ServiceCallError } from '@faultline/instrumented';
import type { z } from 'zod';

/**
 * Another service's answer, read with its contract. One that does not match fails as the service
 * failing would (a ServiceCallError of kind `bad_answer` naming the fields), never as an answer
 * cast into shape and passed on to a customer.
 */
export function readAnswer<S extends z.ZodType>(
  peer: string,
  what: string,
  schema: S,
  answer: { status: number; body: unknown },
): z.infer<S> {
  try {
    return parseAnswer(schema, answer.body, `${peer}'s ${answer.status} answer to ${what}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ServiceCallError('bad_answer', peer, message, answer.status, undefined, {
      cause: error,
    });
  }
}

/** A call failed with no answer the caller could use: the status it got, for the message. */
export function unexpectedAnswer(peer: string, what: string, status: number): ServiceCallError {
  return new ServiceCallError(
    'bad_answer',
    peer,
    `${peer} answered ${status} to ${what}, which its contract does not have`,
    status,
  );
}

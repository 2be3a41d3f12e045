/**
 * Why a call to another service failed, so callers can decide what to do. `bad_answer`: it answered,
 * but not as its contract says (raised by the caller that validates the answer).
 */
export type CallFailureKind =
  'timeout' | 'breaker_open' | 'upstream_5xx' | 'network' | 'bad_answer';

/** A failed call to another service. 4xx answers are not failures: they come back as responses. */
export class ServiceCallError extends Error {
  constructor(
    readonly kind: CallFailureKind,
    readonly peerService: string,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceCallError';
  }
}

export const isServiceCallError = (error: unknown): error is ServiceCallError =>
  error instanceof ServiceCallError;

/**
 * Why a plain fetch got no answer, in a few words for a log line or a problem detail: `no answer
 * in time` (its AbortSignal.timeout fired), the system error code (ECONNREFUSED, ENOTFOUND…), or
 * `no answer`. Duck-typed, not instanceof: fetch's errors may come from another realm (a test's VM).
 */
export function noAnswerReason(error: unknown): string {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return 'no answer in time';
  return typeof cause?.code === 'string' ? cause.code : 'no answer';
}

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

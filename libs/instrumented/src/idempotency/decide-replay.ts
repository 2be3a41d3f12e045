import { AppError } from '../errors';

/** What was stored for the first request under an Idempotency-Key. */
export interface EarlierRequest<A> {
  /** Fingerprint of the first request, telling a replay from a different request under the key. */
  requestHash: string;
  /** Its final answer; null while the first request is still being handled. */
  answer: A | null;
}

/** A service's own wording of the two refusals (the codes and texts are part of its API). */
export interface ReplayProblems {
  /** Detail of the 422 `idempotency_key_reused`: the key came with a different request. */
  keyReused: string;
  /** The 409 while the first request is still being handled. */
  inProgress: { code: string; detail: string; extensions?: Record<string, unknown> };
}

/** The 409 a request gets while an earlier one with its key is still being handled. */
export const requestInProgress = (problems: ReplayProblems): AppError =>
  new AppError(problems.inProgress.code, 409, problems.inProgress.detail, {
    extensions: problems.inProgress.extensions ?? {},
  });

/**
 * The idempotent replay decision: a different request under the same key is refused (422), the
 * same request while the first is unfinished is told to retry (409), and otherwise it gets the
 * first request's stored answer again.
 */
export function decideReplay<A>(
  earlier: EarlierRequest<A>,
  requestHash: string,
  problems: ReplayProblems,
): A {
  if (earlier.requestHash !== requestHash) {
    throw new AppError('idempotency_key_reused', 422, problems.keyReused);
  }
  if (earlier.answer === null) throw requestInProgress(problems);
  return earlier.answer;
}

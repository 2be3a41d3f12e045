import type { Problem } from '@faultline/contracts';

/** A problem+json answer as the storefront reads it: `code` and extensions may be missing. */
export type ProblemAnswer = Partial<Problem> & Record<string, unknown>;

/**
 * Why a call to the shop's API gave no usable answer: `status` 0 when none came back at all
 * (offline, connection refused), else the HTTP status with its problem+json body when it had one.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemAnswer | undefined,
    /** From Retry-After on 429 and 503: how long the shop asked us to wait. */
    readonly retryAfterSeconds: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  /** The problem's machine-readable code (`payment_declined`, `insufficient_stock`…). */
  get code(): string | undefined {
    return typeof this.problem?.code === 'string' ? this.problem.code : undefined;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** Retry-After in whole seconds, from either of its forms (delta-seconds or an HTTP date). */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** One field that failed validation, as shown in a problem+json body. */
export interface InvalidParam {
  name: string;
  reason: string;
}

export interface AppErrorOptions {
  /** Extra members for the problem+json body (e.g. a decline code). */
  extensions?: Record<string, unknown>;
  invalidParams?: InvalidParam[];
  cause?: unknown;
  /** Sent as `Retry-After` (seconds); every 503 carries one, this overrides the default. */
  retryAfterSeconds?: number;
}

/**
 * The one error type services throw on purpose. `code` is a stable snake_case identifier that
 * becomes the problem type; `status` the HTTP status it maps to.
 */
export class AppError extends Error {
  readonly extensions: Record<string, unknown>;
  readonly invalidParams: InvalidParam[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.extensions = options.extensions ?? {};
    this.invalidParams = options.invalidParams ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** 400 naming each bad field. */
  static validation(invalidParams: InvalidParam[]): AppError {
    const first = invalidParams[0];
    const detail = first
      ? `${first.name}: ${first.reason}${invalidParams.length > 1 ? ` (and ${invalidParams.length - 1} more)` : ''}`
      : 'The request is invalid.';
    return new AppError('validation_failed', 400, detail, { invalidParams });
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', 404, `${what} was not found.`);
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

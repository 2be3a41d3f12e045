import type { Request } from 'express';
import { AppError } from '../errors';

interface BodyProblem {
  code: string;
  status: number;
  detail: string;
}

/** Errors body-parser raises about what the client sent (by their `type`), as problems it can act on. */
const BODY_PARSER_PROBLEMS: Record<string, BodyProblem> = {
  'entity.parse.failed': {
    code: 'malformed_json',
    status: 400,
    detail: 'The request body is not valid JSON.',
  },
  'entity.too.large': {
    code: 'payload_too_large',
    status: 413,
    detail: 'The request body is larger than allowed.',
  },
  'encoding.unsupported': {
    code: 'unsupported_encoding',
    status: 415,
    detail: 'The request body encoding is not supported.',
  },
  'charset.unsupported': {
    code: 'unsupported_charset',
    status: 415,
    detail: 'The request body charset is not supported.',
  },
};

const UNDECODABLE: BodyProblem = {
  code: 'undecodable_body',
  status: 400,
  detail: 'The request body could not be decompressed as its Content-Encoding says.',
};

/** The client went away before its body was read (raw-body's `request.aborted`). */
export function isClientAbort(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'request.aborted';
}

/**
 * What an error raised while reading a request body becomes: a 4xx AppError naming `body` when the
 * client sent something wrong, or the error unchanged (client aborts, and server-side failures that
 * stay 500).
 */
export function bodyProblem(error: unknown, req: Request): unknown {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  let problem = typeof type === 'string' ? BODY_PARSER_PROBLEMS[type] : undefined;
  // A failing gunzip/inflate/brotli stream reaches us untyped, as body-parser's generic 400; only a
  // request that declared a Content-Encoding has such a stream.
  const encoded = (req.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  if (!problem && type === undefined && status === 400 && encoded) problem = UNDECODABLE;
  return problem
    ? new AppError(problem.code, problem.status, problem.detail, {
        cause: error,
        invalidParams: [{ name: 'body', reason: problem.detail }],
      })
    : error;
}

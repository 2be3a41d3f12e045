import type { z } from 'zod';
import { ApiError, parseRetryAfter } from './api-error';
import type { ProblemAnswer } from './api-error';

/** An answer the caller accepts: its status and its body, validated against the schema given. */
export interface Answer<T> {
  status: number;
  body: T;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Calls the shop's own API (same origin) and returns the answer when its status is one of `accept`,
 * its body validated by `schema` (answers are checked, never cast); anything else throws ApiError.
 * `fetch` is called before anything is awaited, so the caller's active span parents its span.
 */
export async function callApi<T>(
  path: string,
  init: Omit<RequestInit, 'headers'> & {
    headers?: Record<string, string>;
    accept: readonly number[];
    schema: z.ZodType<T>;
  },
): Promise<Answer<T>> {
  const { accept, schema, ...request } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...request,
      headers: { accept: 'application/json', ...request.headers },
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError(0, undefined, undefined, `No answer from ${path}`, { cause: error });
  }
  const body = await readJson(res);
  if (accept.includes(res.status)) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { status: res.status, body: parsed.data };
    throw new ApiError(res.status, undefined, undefined, `Unexpected answer from ${path}`, {
      cause: parsed.error,
    });
  }
  const problem = isObject(body) ? (body as ProblemAnswer) : undefined;
  const detail = typeof problem?.detail === 'string' ? problem.detail : res.statusText;
  throw new ApiError(
    res.status,
    problem,
    parseRetryAfter(res.headers.get('retry-after'), new Date()),
    `${path} answered ${res.status}: ${detail}`,
  );
}

/**
 * Stand-in for `k6/http`: requests are real and synchronous (see sync-fetch), and each one is
 * recorded with the script's tags and whether the script's response callback expects its answer.
 */
import { ledger } from './ledger';
import { fetchSync } from './sync-fetch';

/** What `http.expectedStatuses` returns: the statuses a response callback counts as expected. */
export interface ExpectedStatuses {
  readonly ranges: readonly { min: number; max: number }[];
}

export interface StandInParams {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseCallback?: ExpectedStatuses | null;
}

/** k6's default: 2xx and 3xx are expected. */
const DEFAULT_CALLBACK: ExpectedStatuses = { ranges: [{ min: 200, max: 399 }] };
const DEFAULT_TIMEOUT_MS = 60_000;

let responseCallback: ExpectedStatuses | null = DEFAULT_CALLBACK;

export function expectedStatuses(
  ...statuses: (number | { min: number; max: number })[]
): ExpectedStatuses {
  return {
    ranges: statuses.map((s) => (typeof s === 'number' ? { min: s, max: s } : { ...s })),
  };
}

/** Sets the response callback for every later request; null stops judging answers, as in k6. */
export function setResponseCallback(callback: ExpectedStatuses | null): void {
  responseCallback = callback;
}

/** Back to k6's default callback (between scripts: each k6 run starts with it). */
export function resetResponseCallback(): void {
  responseCallback = DEFAULT_CALLBACK;
}

const isExpected = (callback: ExpectedStatuses | null, status: number): boolean =>
  callback === null || callback.ranges.some(({ min, max }) => status >= min && status <= max);

function timeoutMs(timeout: string | number | undefined): number {
  if (timeout === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeout === 'number') return timeout;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(timeout);
  if (!match) throw new Error(`stand-in: timeout "${timeout}" is not like 500ms, 30s or 1m`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

export class StandInResponse {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: string | null,
    readonly error: string,
    readonly error_code: number,
  ) {}

  /** The body parsed as JSON; throws when it is not JSON, as k6 does. */
  json(selector?: string): unknown {
    if (selector !== undefined) throw new Error('stand-in: json(selector) is not supported');
    if (this.body === null) throw new Error(`no body to parse as JSON (${this.error})`);
    return JSON.parse(this.body) as unknown;
  }
}

export function request(
  method: string,
  url: string,
  body?: string | null,
  params: StandInParams = {},
): StandInResponse {
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new Error('stand-in: only string bodies are supported (k6 would form-encode an object)');
  }
  const answer = fetchSync({
    method,
    url,
    headers: params.headers ?? {},
    body: body ?? null,
    timeoutMs: timeoutMs(params.timeout),
  });
  const response =
    'error' in answer
      ? new StandInResponse(url, 0, {}, null, answer.error, 1000)
      : new StandInResponse(answer.url, answer.status, answer.headers, answer.body, '', 0);
  const callback =
    params.responseCallback === undefined ? responseCallback : params.responseCallback;
  ledger.requests.push({
    method,
    url,
    tags: { ...params.tags },
    status: response.status,
    error: 'error' in answer ? answer.error : undefined,
    expected: response.status !== 0 && isExpected(callback, response.status),
    bodyStart: (response.body ?? '').slice(0, 300),
  });
  return response;
}

export const get = (url: string, params?: StandInParams): StandInResponse =>
  request('GET', url, null, params);

export const post = (url: string, body?: string | null, params?: StandInParams): StandInResponse =>
  request('POST', url, body, params);

export default { expectedStatuses, get, post, request, setResponseCallback };

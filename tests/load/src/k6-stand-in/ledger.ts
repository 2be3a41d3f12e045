/** What the stand-in for k6 saw a script do: every request, check and metric sample. */

export interface RecordedRequest {
  method: string;
  url: string;
  /** The tags the script gave the request (k6 adds its system tags; the stand-in does not). */
  tags: Record<string, string>;
  /** The HTTP status; 0 when no answer came (a network error). */
  status: number;
  /** Why no answer came, as k6's `Response.error`. */
  error: string | undefined;
  /** k6's `expected_response`, by the script's own response callback: `http_req_failed` is the reverse. */
  expected: boolean;
  /** The start of the answer's body, to show what a refusal said. */
  bodyStart: string;
}

export interface RecordedCheck {
  name: string;
  passed: boolean;
  tags: Record<string, string>;
}

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

export interface RecordedSample {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

export interface Ledger {
  requests: RecordedRequest[];
  checks: RecordedCheck[];
  samples: RecordedSample[];
  /** Custom metrics the scripts declared (in their init code), by name. */
  metrics: Map<string, MetricType>;
}

export const ledger: Ledger = { requests: [], checks: [], samples: [], metrics: new Map() };

/** Forgets requests, checks and samples; declared metrics stay, as k6 declares them once at init. */
export function clearLedger(): void {
  ledger.requests = [];
  ledger.checks = [];
  ledger.samples = [];
}

/**
 * Refusals a script may declare expected, because they are the shop answering correctly: a
 * declined card (402) and an empty shelf (409). Nothing else is excused by a script's declaration.
 */
export const DECLARABLE_REFUSALS: ReadonlySet<number> = new Set([402, 409]);

/** Why a request counts as rejected, or undefined when the services accepted it. */
export function rejection(request: RecordedRequest): string | undefined {
  const { method, url, status, error, expected, bodyStart } = request;
  const said = bodyStart ? `: ${bodyStart}` : '';
  if (error !== undefined) return `${method} ${url}: no answer (${error})`;
  if (status >= 500) return `${method} ${url}: server error ${status}${said}`;
  if (status >= 400 && !(expected && DECLARABLE_REFUSALS.has(status))) {
    return `${method} ${url}: refused with ${status}${said}`;
  }
  if (!expected) return `${method} ${url}: ${status} is not an answer the script expects`;
  return undefined;
}

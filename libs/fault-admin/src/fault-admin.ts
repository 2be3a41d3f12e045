import type { ResetReport } from '@faultline/contracts';
import type { FaultRule, FaultRuleInput } from '@faultline/faults';

/** Why a call to the admin API failed: no answer, the token refused, or the request refused. */
export type FaultAdminFailure = 'unreachable' | 'unauthorized' | 'refused';

/** A failed call to one process's admin API, said in one line naming the process. */
export class FaultAdminError extends Error {
  override name = 'FaultAdminError';
  constructor(
    message: string,
    readonly failure: FaultAdminFailure,
    /** The process's name (a service, the gateway) as the caller gave it. */
    readonly target: string,
    /** The HTTP status, when the process answered. */
    readonly status?: number,
    /** The problem's `code`, when the refusal was problem+json with one (`stack_unreachable`…). */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface FaultAdminOptions {
  /** The process's base URL (its /admin/faults is below it). */
  baseUrl: string;
  /** The admin token (FAULT_ADMIN_TOKEN), sent as a bearer token. */
  token: string;
  /** The name errors use ("payment"); the base URL by default. */
  name?: string;
  /** How long one call may take; 5 s by default. */
  timeoutMs?: number;
  /**
   * How long a data reset may take; 30 s by default (a service waits up to 15 s for the checkouts
   * in flight before it resets).
   */
  resetTimeoutMs?: number;
}

/** What POST /admin/reset did, per table of the process's database (the services' own type). */
export type { ResetReport, TableReset } from '@faultline/contracts';

/** A rule as someone typed it (the CLI's flags, a form): the process checks it, not the client. */
export type UncheckedRule = Readonly<Record<string, unknown>>;

/** One process's admin API: its faults (/admin/faults) and its data (/admin/reset). */
export interface FaultAdmin {
  readonly name: string;
  readonly baseUrl: string;
  /** POST: applies a rule; answers it as the process holds it (id, until, defaults filled in). */
  apply(rule: FaultRuleInput | UncheckedRule): Promise<FaultRule>;
  /** GET: the active rules. */
  list(): Promise<FaultRule[]>;
  /** DELETE /:id: removes one rule; false when it was not active (404). */
  remove(id: string): Promise<boolean>;
  /** DELETE: removes every rule; how many there were. */
  clear(): Promise<number>;
  /** POST /seed: the process's dice roll the same sequence from here on. */
  seed(seed: number): Promise<void>;
  /**
   * POST /admin/reset: the process's data back to its seed (a service that keeps data: not the
   * gateway); what it did, per table.
   */
  resetData(): Promise<ResetReport>;
}

interface Problem {
  code?: unknown;
  detail?: string;
  invalid_params?: { name: string; reason: string }[];
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_RESET_TIMEOUT_MS = 30_000;
const FAULTS = '/admin/faults';

/** One call to a path below an admin API's base URL; the parsed JSON answer (undefined: none). */
export type AdminCall = (
  method: string,
  path: string,
  body?: unknown,
  timeoutMs?: number,
) => Promise<unknown>;

/**
 * Calls to one process's admin API with the bearer token. Every failure is a FaultAdminError in
 * one line: the process unreachable, the token refused (401/403), or the request refused with the
 * field and the reason the process gave (problem+json `invalid_params`, else its `detail`).
 */
export function adminCall(options: {
  baseUrl: string;
  token: string;
  name: string;
  timeoutMs: number;
}): AdminCall {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const { name } = options;
  return async (method, path, body, timeout = options.timeoutMs) => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      });
    } catch {
      throw new FaultAdminError(`${name} is not reachable at ${baseUrl}`, 'unreachable', name);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.status === 401 || response.status === 403) {
      throw new FaultAdminError(
        `${name} refused the admin token (${response.status})`,
        'unauthorized',
        name,
        response.status,
      );
    }
    if (!response.ok) {
      const problem = parsed as Problem | undefined;
      const field = problem?.invalid_params?.[0];
      const why = field ? `${field.name}: ${field.reason}` : (problem?.detail ?? text);
      throw new FaultAdminError(
        `${name} answered ${response.status}: ${why}`,
        'refused',
        name,
        response.status,
        typeof problem?.code === 'string' ? problem.code : undefined,
      );
    }
    return parsed;
  };
}

/** The client of one process's admin API (/admin/faults, /admin/reset); failures as adminCall's. */
export function faultAdmin(options: FaultAdminOptions): FaultAdmin {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const name = options.name ?? baseUrl;
  const resetTimeoutMs = options.resetTimeoutMs ?? DEFAULT_RESET_TIMEOUT_MS;
  const call = adminCall({
    baseUrl,
    token: options.token,
    name,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });

  return {
    name,
    baseUrl,
    apply: async (rule) => (await call('POST', FAULTS, rule)) as FaultRule,
    list: async () => ((await call('GET', FAULTS)) as { items: FaultRule[] }).items,
    remove: async (id) => {
      try {
        await call('DELETE', `${FAULTS}/${encodeURIComponent(id)}`);
        return true;
      } catch (error) {
        if (error instanceof FaultAdminError && error.status === 404) return false;
        throw error;
      }
    },
    clear: async () => ((await call('DELETE', FAULTS)) as { cleared: number }).cleared,
    seed: async (seed) => {
      await call('POST', `${FAULTS}/seed`, { seed });
    },
    resetData: async () =>
      ((await call('POST', '/admin/reset', undefined, resetTimeoutMs)) as { reset: ResetReport })
        .reset,
  };
}

/** Every process of a stack by name (catalog, inventory, order, payment, the gateway…). */
export type StackAdmin<Name extends string> = Readonly<Record<Name, FaultAdmin>>;

/** A FaultAdmin for each named base URL of one stack, all with the same token. */
export function stackAdmin<Name extends string>(
  urls: Readonly<Record<Name, string>>,
  token: string,
  timeoutMs?: number,
): StackAdmin<Name> {
  return Object.fromEntries(
    Object.entries<string>(urls).map(([name, baseUrl]) => [
      name,
      faultAdmin({ baseUrl, token, name, ...(timeoutMs !== undefined && { timeoutMs }) }),
    ]),
  ) as Record<Name, FaultAdmin>;
}

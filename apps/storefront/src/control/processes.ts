import { FaultAdminError, stackAdmin } from '@faultline/fault-admin';
import type { FaultAdmin, StackAdmin } from '@faultline/fault-admin';

/** Every process with an /admin/faults: the four services and the gateway (as the CLI names them). */
export const PROCESSES = ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const;
export type ProcessName = (typeof PROCESSES)[number];

/** The control room's API of the gateway that served the page. */
export const CONTROL_API = '/control/api';

/**
 * Where the panel reaches each process of a stack: below that stack's control room API, whose
 * gateway passes the call on to the service (or answers for itself). `base` is this stack's
 * /control/api, or /control/api/stacks/<name> for another stack of the room.
 */
export const processUrls = (base: string): Readonly<Record<ProcessName, string>> =>
  Object.fromEntries(PROCESSES.map((name) => [name, `${base}/processes/${name}`])) as Record<
    ProcessName,
    string
  >;

/** The gateway's answer for a peer it could not reach (503) or that broke its answer (502). */
const NO_ANSWER = new Set([502, 503, 504]);
/** The gateway's problem codes for another stack that gave no usable answer. */
const STACK_FAILED = new Set(['stack_unreachable', 'stack_bad_answer']);

/**
 * The same client, with the gateway's "could not reach payment" counted as the process being
 * unreachable, as a direct call would find it: a run's end and extend then pass over it. When a
 * whole other stack gave no answer, the gateway's words say so (the same for each process).
 */
function throughGateway(admin: FaultAdmin): FaultAdmin {
  const as = <T>(call: () => Promise<T>): Promise<T> =>
    call().catch((error: unknown) => {
      if (
        error instanceof FaultAdminError &&
        error.failure === 'refused' &&
        error.status !== undefined &&
        NO_ANSWER.has(error.status)
      ) {
        const stackDown = error.code !== undefined && STACK_FAILED.has(error.code);
        throw new FaultAdminError(
          stackDown ? error.message.replace(/^.*? answered \d+: /, '') : error.message,
          'unreachable',
          error.target,
          error.status,
          error.code,
        );
      }
      throw error;
    });
  return {
    name: admin.name,
    baseUrl: admin.baseUrl,
    apply: (rule) => as(() => admin.apply(rule)),
    list: () => as(() => admin.list()),
    remove: (id) => as(() => admin.remove(id)),
    clear: () => as(() => admin.clear()),
    seed: (seed) => as(() => admin.seed(seed)),
    resetData: () => as(() => admin.resetData()),
  };
}

/**
 * The shared client of /admin/faults for every process of one stack, with the host's token:
 * this stack's by default, or another one's through this gateway (`base`).
 */
export function controlStack(token: string, base: string = CONTROL_API): StackAdmin<ProcessName> {
  const stack = stackAdmin(processUrls(base), token);
  return Object.fromEntries(PROCESSES.map((name) => [name, throughGateway(stack[name])])) as Record<
    ProcessName,
    FaultAdmin
  >;
}

/** An active rule as a process answers it (id, point, kind, probability, params, until…). */
export type ActiveRule = Awaited<ReturnType<FaultAdmin['list']>>[number];

/** A failure of one process, said in one line. */
export const failureText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

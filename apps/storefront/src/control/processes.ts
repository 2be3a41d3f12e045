import { FaultAdminError, stackAdmin } from '@faultline/fault-admin';
import type { FaultAdmin, StackAdmin } from '@faultline/fault-admin';

/** Every process with an /admin/faults: the four services and the gateway (as the CLI names them). */
export const PROCESSES = ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const;
export type ProcessName = (typeof PROCESSES)[number];

/** Where the panel reaches each process: the services through the gateway, the gateway itself. */
export const PROCESS_URLS: Readonly<Record<ProcessName, string>> = {
  catalog: '/control/api/processes/catalog',
  inventory: '/control/api/processes/inventory',
  order: '/control/api/processes/order',
  payment: '/control/api/processes/payment',
  // The page's own origin: /admin/faults of the gateway that served it.
  gateway: '',
};

/** The gateway's answer for a service it could not reach (503) or that broke its answer (502). */
const NO_ANSWER = new Set([502, 503, 504]);

/**
 * The same client, with the gateway's "could not reach payment" counted as the process being
 * unreachable, as a direct call would find it: a run's end and extend then pass over it.
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
        throw new FaultAdminError(error.message, 'unreachable', error.target, error.status);
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

/** The shared client of /admin/faults for every process of this stack, with the host's token. */
export function controlStack(token: string): StackAdmin<ProcessName> {
  const stack = stackAdmin(PROCESS_URLS, token);
  return Object.fromEntries(
    PROCESSES.map((name) => [name, name === 'gateway' ? stack[name] : throughGateway(stack[name])]),
  ) as Record<ProcessName, FaultAdmin>;
}

/** An active rule as a process answers it (id, point, kind, probability, params, until…). */
export type ActiveRule = Awaited<ReturnType<FaultAdmin['list']>>[number];

/** A failure of one process, said in one line. */
export const failureText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

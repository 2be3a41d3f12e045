import { FaultAdminError, stackAdmin } from '@faultline/fault-admin';
import type { FaultAdminFailure, UncheckedRule } from '@faultline/fault-admin';
import type { ServiceName } from './scenario';
import type { Targets } from './targets';

/** A failure to talk to a service's admin API, said in one line with what to do about it. */
export class AdminError extends Error {
  override name = 'AdminError';
}

const HINTS: Record<FaultAdminFailure, string> = {
  unreachable: ' (is it running? see --help for URLs)',
  unauthorized: '; set FAULT_ADMIN_TOKEN or --token',
  refused: '',
};

async function hinted<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof FaultAdminError)
      throw new AdminError(error.message + HINTS[error.failure]);
    throw error;
  }
}

/** The /admin/faults API of the services and the gateway (the shared client, with the CLI's hints). */
export const adminClient = (targets: Targets) => {
  const stack = stackAdmin(targets.urls, targets.token);
  return {
    apply: (service: ServiceName, rule: UncheckedRule) => hinted(stack[service].apply(rule)),
    list: (service: ServiceName) => hinted(stack[service].list()),
    remove: (service: ServiceName, id: string) => hinted(stack[service].remove(id)),
    clear: (service: ServiceName) => hinted(stack[service].clear()),
    seed: (service: ServiceName, seed: number) => hinted(stack[service].seed(seed)),
  };
};

export type AdminClient = ReturnType<typeof adminClient>;

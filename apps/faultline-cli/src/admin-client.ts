import { deploymentsAdmin, stackAdmin } from '@faultline/fault-admin';
import type {
  DeploymentsAdmin,
  FaultAdminError,
  FaultAdminFailure,
  StackAdmin,
} from '@faultline/fault-admin';
import type { ServiceName } from '@faultline/scenarios';
import type { Targets } from './targets';

const HINTS: Record<FaultAdminFailure, string> = {
  unreachable: ' (is it running? see --help for URLs)',
  unauthorized: '; set FAULT_ADMIN_TOKEN or --token',
  refused: '',
};

/** The /admin/faults API of the services and the gateway, each named after its process. */
export const servicesAdmin = (targets: Targets): StackAdmin<ServiceName> =>
  stackAdmin(targets.urls, targets.token);

/** Payment's deployments: the canary process (the supervisor) and the split (order). */
export const deploymentsOf = (targets: Targets): DeploymentsAdmin =>
  deploymentsAdmin({
    supervisorUrl: targets.supervisor,
    orderUrl: targets.urls.order,
    token: targets.token,
  });

/** A failed admin call in one line, with what to do about it. */
export const explain = (error: FaultAdminError): string => error.message + HINTS[error.failure];

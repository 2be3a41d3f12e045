import type { ServiceAppOptions } from '@faultline/instrumented';
import { faultAdminRoutes } from './admin-routes';
import type { Faults } from './faults';
import { httpServerFaults } from './http-faults';

/** A service's fault engine and the token its admin API requires. */
export interface FaultSetup {
  engine: Faults;
  adminToken: string | undefined;
}

/**
 * createServiceApp options that mount /admin/faults (bearer `adminToken`) and then the
 * `http.server` fault point, before the service's routes; nothing when `setup` is absent.
 * Spread them into the options: `createServiceApp({ logger, metrics, ...faultInjection(faults) }, …)`.
 */
export function faultInjection(
  setup: FaultSetup | undefined,
): Pick<ServiceAppOptions, 'beforeRoutes'> {
  if (!setup) return {};
  return {
    beforeRoutes: [
      (app, { json }) => {
        app.use(faultAdminRoutes(setup.engine, setup.adminToken, json));
      },
      (app) => {
        app.use(httpServerFaults(setup.engine));
      },
    ],
  };
}

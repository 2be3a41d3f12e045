import { adminResetRoutes, createFaults, faultInjection } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger, createServiceApp } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { ADMIN_TOKEN } from './gateway-harness';

/**
 * A service as far as its admin API goes: the fault engine and its routes as shipped, and an
 * /admin/reset behind the same guard that answers `table` as reset (counting the resets).
 */
export interface AdminStandIn {
  faults: Faults;
  app: ListeningApp;
  /** How many times /admin/reset has been called. */
  resets(): number;
  close(): Promise<void>;
}

export async function startAdminStandIn(
  name: string,
  token = ADMIN_TOKEN,
  table = `${name}_rows`,
): Promise<AdminStandIn> {
  const faults = createFaults({ seed: 1 });
  const logger = createLogger({ service: name, destination: captureLogs().destination });
  let resets = 0;
  const app = await listenForTest(
    createServiceApp(
      {
        logger,
        metrics: freshMetrics(),
        ...faultInjection({ engine: faults, adminToken: token }),
      },
      (service) => {
        service.use(
          adminResetRoutes(token, () => {
            resets++;
            return Promise.resolve({ [table]: { removed: 3, seeded: 2 } });
          }),
        );
      },
    ),
  );
  return {
    faults,
    app,
    resets: () => resets,
    close: async () => {
      await faults.close();
      await app.close();
    },
  };
}

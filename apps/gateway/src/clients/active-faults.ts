import { FaultAdminError, stackAdmin } from '@faultline/fault-admin';
import type { Faults } from '@faultline/faults';
import { AppError } from '@faultline/instrumented';
import type { ActiveFaults, AdminService } from '../domain/ports';

/**
 * Every process's active rule ids, with the caller's admin token: the services' through the
 * shared client of /admin/faults (@faultline/fault-admin), the gateway's own from its engine.
 * A service that cannot be reached holds none (its faults live in it); one that refuses the token
 * or the call is a 502 naming it, since what it holds cannot be told.
 */
export function activeFaultsWith(
  urls: Readonly<Record<AdminService, string>>,
  own: Pick<Faults, 'list'> | undefined,
  timeoutMs: number,
): (token: string) => ActiveFaults {
  return (token) => {
    const services = stackAdmin(urls, token, timeoutMs);
    return {
      async ids() {
        const lists = await Promise.all(
          Object.values(services).map((admin) =>
            admin.list().catch((error: unknown) => {
              if (!(error instanceof FaultAdminError)) throw error;
              if (error.failure === 'unreachable') return [];
              throw new AppError('service_refused', 502, error.message, {
                cause: error,
                extensions: { service: error.target },
              });
            }),
          ),
        );
        return [...lists.flat(), ...(own?.list() ?? [])].map((rule) => rule.id);
      },
    };
  };
}

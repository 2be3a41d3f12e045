import { resetStack, stackAdmin } from '@faultline/fault-admin';
import type { SeriesChoice } from '@faultline/fault-admin';
import type { Faults } from '@faultline/faults';
import type { AdminService, StackReset } from '../domain/ports';

/**
 * This stack's soft reset, as `faultline reset` does it (@faultline/fault-admin's resetStack):
 * every fault cleared (the services' with the caller's token, the gateway's in its own engine),
 * the services' data back to the seed, and the shop's series deleted when the gateway knows its
 * Prometheus and the caller did not say no. What each step did, never the error objects.
 */
export function stackResetWith(
  urls: Readonly<Record<AdminService, string>>,
  own: Pick<Faults, 'clear'> | undefined,
  prometheusUrl: string | undefined,
  timeoutMs: number,
): StackReset {
  return {
    async run(token, { deleteSeries }) {
      const services = stackAdmin(urls, token, timeoutMs);
      const gateway = own && { gateway: { clear: () => Promise.resolve(own.clear()) } };
      const series: SeriesChoice =
        prometheusUrl === undefined
          ? {
              delete: false,
              detail:
                'series not deleted: this gateway knows no Prometheus (CONTROL_PROMETHEUS_URL)',
            }
          : deleteSeries
            ? { delete: true, prometheusUrl }
            : { delete: false, detail: 'series not deleted: not asked to' };
      const steps = await resetStack(
        { faults: { ...services, ...gateway }, data: services },
        series,
      );
      return steps.map(({ error: _error, ...step }) => step);
    },
  };
}

import { FaultAdminError, resetStack } from '@faultline/fault-admin';
import type { ResetStep, StackAdmin } from '@faultline/fault-admin';
import type { ServiceName } from '@faultline/scenarios';
import { explain } from '../admin-client';

/** Where `faultline reset --delete-series` finds Prometheus unless told. */
export const DEFAULT_PROMETHEUS_URL = 'http://127.0.0.1:9090';

export interface ResetStackOptions {
  /** Prometheus's base URL (DEFAULT_PROMETHEUS_URL unless told); only --delete-series uses it. */
  prometheusUrl?: string;
  /** Delete the shop's series through Prometheus's admin API (needs --web.enable-admin-api). */
  deleteSeries: boolean;
}

/** A step in one line, failures with what to do about them. */
function lineOf(step: ResetStep): string {
  const { error } = step;
  if (error instanceof FaultAdminError) return `${step.target}: ${explain(error)}`;
  if (error?.failure === 'unreachable')
    return `${step.target}: ${error.message} (is it running? see --prometheus-url)`;
  return `${step.target}: ${step.detail}`;
}

/**
 * `faultline reset`: the shared soft reset (@faultline/fault-admin's resetStack, which the control
 * room's reset button runs too) on every process of one stack, one line per step as it ends; a
 * process that cannot be reached is reported and the others carry on. Returns the exit code:
 * 0 when every step succeeded, 1 otherwise.
 */
export async function resetCommand(
  stack: StackAdmin<ServiceName>,
  options: ResetStackOptions,
  out: (line: string) => void,
): Promise<number> {
  const steps = await resetStack(
    { faults: stack, data: stack },
    options.deleteSeries
      ? { delete: true, prometheusUrl: options.prometheusUrl ?? DEFAULT_PROMETHEUS_URL }
      : {
          delete: false,
          detail: 'series kept (--delete-series starts the next round from a clean SLO window)',
        },
    (step) => {
      out(lineOf(step));
    },
  );
  return steps.every((step) => step.ok) ? 0 : 1;
}

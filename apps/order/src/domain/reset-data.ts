import type { Logger } from '@faultline/instrumented';
import type { ResetReport, SeedData } from './ports';
import type { ResetGate } from '@faultline/service';

export interface ResetDataDeps {
  seed: SeedData;
  /** The gate checkouts and worker passes go through. */
  resetGate: ResetGate;
  logger: Logger;
}

/**
 * Between workshop rounds: no order left, so nothing in the retry queue; after the checkouts and
 * the worker pass in flight, and before the next. What it did, per table.
 */
export async function resetData({ seed, resetGate, logger }: ResetDataDeps): Promise<ResetReport> {
  const report = await resetGate.exclusive(() => seed.restore());
  logger.info({ event: 'data_reset', reset: report }, 'orders reset to the seed');
  return report;
}

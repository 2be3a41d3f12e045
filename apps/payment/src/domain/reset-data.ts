import type { Logger } from '@faultline/instrumented';
import type { ResetReport, SeedData } from './ports';
import type { ResetGate } from '@faultline/service';

export interface ResetDataDeps {
  seed: SeedData;
  /** The gate charges and refunds go through. */
  resetGate: ResetGate;
  logger: Logger;
}

/**
 * Between workshop rounds: no payment, idempotency record or ledger entry left; after the charges
 * and refunds in flight, and before the next. What it did, per table.
 */
export async function resetData({ seed, resetGate, logger }: ResetDataDeps): Promise<ResetReport> {
  const report = await resetGate.exclusive(() => seed.restore());
  logger.info({ event: 'data_reset', reset: report }, 'payments and the ledger reset to the seed');
  return report;
}

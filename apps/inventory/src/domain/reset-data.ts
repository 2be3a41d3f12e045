import type { Logger } from '@faultline/instrumented';
import type { ResetReport, SeedData } from './ports';

export interface ResetDataDeps {
  seed: SeedData;
  logger: Logger;
}

/** Between workshop rounds: the stock as seeded, no reservation left; what it did, per table. */
export async function resetData({ seed, logger }: ResetDataDeps): Promise<ResetReport> {
  const report = await seed.restore();
  logger.info({ event: 'data_reset', reset: report }, 'stock and reservations reset to the seed');
  return report;
}

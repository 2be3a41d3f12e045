import type { Logger } from '@faultline/instrumented';
import type { ResetReport, SeedData } from './ports';

export interface ResetDataDeps {
  seed: SeedData;
  logger: Logger;
}

/** Between workshop rounds: the products as seeded; what it did, per table. */
export async function resetData({ seed, logger }: ResetDataDeps): Promise<ResetReport> {
  const report = await seed.restore();
  logger.info({ event: 'data_reset', reset: report }, 'products reset to the seed');
  return report;
}

import type { ResetReport } from '@faultline/contracts';
import type { Product } from './product';

/** The products the catalog sells. */
export interface ProductRepository {
  /** The products shoppers browse: the unlisted synthetic check item is left out. */
  list(): Promise<Product[]>;
  /** The products among `ids` that exist, by id, listed or not; unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<Product[]>;
  findById(id: string): Promise<Product | undefined>;
}

export type { ResetReport, TableReset } from '@faultline/contracts';

/** The service's data as the migrations seeded it. */
export interface SeedData {
  /** Puts every table back to its seed in one transaction. */
  restore(): Promise<ResetReport>;
}

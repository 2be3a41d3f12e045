import type { Product } from './product';

/** The products the catalog sells. */
export interface ProductRepository {
  list(): Promise<Product[]>;
  /** The products among `ids` that exist, by id; unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<Product[]>;
  findById(id: string): Promise<Product | undefined>;
}

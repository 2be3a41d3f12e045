import type { Faults } from '@faultline/faults';
import { lockTableWhileActive } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { productRepository } from './data/product-repository';
import { seedData } from './data/seed-data';
import type { ProductRepository, SeedData } from './domain/ports';

/** The catalog's dependencies, wired once. */
export interface CatalogDeps {
  products: ProductRepository;
  /** The seed the migrations wrote, which POST /admin/reset restores. */
  seed: SeedData;
}

/** Wires the catalog's dependencies (used by main.ts and by the tests). */
export function composeCatalog(pool: Pool, faults?: Faults): CatalogDeps {
  // catalog.db: the products table held locked by another session, so catalog's own queries wait.
  faults?.onActivate('catalog.db', lockTableWhileActive(pool, 'products'));
  return { products: productRepository(pool), seed: seedData(pool) };
}

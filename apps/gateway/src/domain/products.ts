import type { Product } from '@faultline/contracts';
import { annotateActiveSpan } from '@faultline/instrumented';
import type { Logger } from '@faultline/instrumented';
import type { GatewayMetrics } from './gateway-metrics';
import type { Catalog, Stock } from './ports';

/** A product as the shop shows it: with its units in stock, or null when inventory did not say. */
export type ShopProduct = Product & { available: number | null };

export interface ProductsDeps {
  catalog: Catalog;
  stock: Stock;
  logger: Logger;
  metrics: GatewayMetrics;
}

/** Stock levels when inventory answers; `unknown` when it does not, and the answer is degraded. */
type Known<T> = { known: true; value: T } | { known: false };

/**
 * The shop's product list: catalog's products with inventory's stock levels. Catalog is needed;
 * inventory is not: without it the list still shows, each `available` null.
 */
export async function listProducts(deps: ProductsDeps): Promise<ShopProduct[]> {
  const [products, levels] = await Promise.all([
    deps.catalog.list(),
    stockOrUnknown(deps, () => deps.stock.levels()),
  ]);
  return products.map((product) => ({
    ...product,
    available: levels.known ? (levels.value.get(product.sku) ?? 0) : null,
  }));
}

/** One product with its stock level (null when inventory did not say); undefined when unknown. */
export async function findProduct(
  deps: ProductsDeps,
  id: string,
): Promise<ShopProduct | undefined> {
  const product = await deps.catalog.find(id);
  if (!product) return undefined;
  const level = await stockOrUnknown(deps, () => deps.stock.level(product.sku));
  // A SKU inventory does not stock cannot be bought: none available.
  return { ...product, available: level.known ? (level.value ?? 0) : null };
}

/** Asks inventory; a failure is logged, counted and put on the span, and the answer goes on without it. */
async function stockOrUnknown<T>(deps: ProductsDeps, ask: () => Promise<T>): Promise<Known<T>> {
  try {
    return { known: true, value: await ask() };
  } catch (error) {
    deps.metrics.degraded('inventory');
    annotateActiveSpan({ 'gateway.degraded': 'inventory' });
    deps.logger.warn(
      { event: 'answer_degraded', dependency: 'inventory', error },
      'inventory did not answer: products shown without stock levels',
    );
    return { known: false };
  }
}
